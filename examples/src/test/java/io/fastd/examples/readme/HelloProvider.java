package io.fastd.examples.readme;

import io.fastd.kernel.provider.ServiceProvider;
import io.fastd.kernel.server.api.DatagramHandler;

/** README: the 30-second host app's provider. */
public final class HelloProvider extends ServiceProvider {
    @Override
    protected void configure() {
        bind(DatagramHandler.class).to(HelloHandler.class);   // answers udp:// datagrams; one per worker
    }
}

package io.fastd.examples.reliability;

import com.google.inject.AbstractModule;
import com.google.inject.Inject;
import com.google.inject.Module;
import io.fastd.examples.ItemsHandler;
import io.fastd.kernel.server.api.HttpHandler;
import io.fastd.kernel.server.api.HttpRequest;
import io.fastd.kernel.server.api.HttpResponse;

/** The example's {@link ItemsHandler}, except that {@code /crash} throws an {@link Error}: a worker crash. */
final class CrashingHandler implements HttpHandler {

    private final ItemsHandler items;

    @Inject
    CrashingHandler(ItemsHandler items) {
        this.items = items;
    }

    /** Overrides the example's HTTP handler binding. */
    static Module module() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(HttpHandler.class).to(CrashingHandler.class);
            }
        };
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws Exception {
        if (request.path().equals("/crash")) {
            throw new SimulatedCrash();
        }
        return items.handle(request);
    }

    /** The Error a crashing handler throws. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash() {
            super("simulated worker crash", null, false, false);
        }
    }
}

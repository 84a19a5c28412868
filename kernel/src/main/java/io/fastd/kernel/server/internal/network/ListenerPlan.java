package io.fastd.kernel.server.internal.network;

import static java.util.Objects.requireNonNull;

import com.google.inject.Binding;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.name.Names;
import io.fastd.kernel.server.api.ListenUrl;
import io.fastd.kernel.server.api.protocol.ListenerProtocol;
import io.fastd.kernel.server.api.ServerSettings;
import io.fastd.kernel.server.internal.manager.Dispatcher;
import io.fastd.kernel.server.internal.metrics.ListenerMetrics;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Every configured listener with its {@link ListenerProtocol} (by scheme: the kernel's
 * {@link Network#kernelProtocols()} and the {@code Set<ListenerProtocol<?>>} providers bind) and
 * the key of its handler (the unannotated binding of the protocol's handler type, or
 * {@code @Named(NAME)} for {@code ?handler=NAME}). Built before anything starts, reporting every
 * unknown scheme, scheme bound twice and missing handler binding together.
 */
public final class ListenerPlan {

    /** The key providers add their protocols under. */
    private static final Key<Set<ListenerProtocol<?>>> PROTOCOLS = Key.get(new TypeLiteral<Set<ListenerProtocol<?>>>() { });

    private record Entry<H>(ListenUrl url, ListenerProtocol<H> protocol, Key<H> handlerKey) {
        BoundListener bind(Network network, Dispatcher dispatcher, ServerSettings settings, ListenerMetrics metrics) {
            BoundListener bound = network.bind(url, protocol, handlerKey, dispatcher, settings, metrics);
            metrics.bind(bound.url(), protocol.datagram());
            return bound;
        }
    }

    private final List<Entry<?>> entries;

    private ListenerPlan(List<Entry<?>> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Plans {@code urls}; what is wrong goes to {@code problems}, one line each, naming the
     * listener URL.
     */
    public static ListenerPlan of(Injector injector, List<ListenUrl> urls, List<String> problems) {
        requireNonNull(injector, "injector is null");
        Map<String, ListenerProtocol<?>> protocols = protocols(injector, problems);
        List<Entry<?>> entries = new ArrayList<>();
        for (ListenUrl url : urls) {
            ListenerProtocol<?> protocol = protocols.get(url.scheme());
            if (protocol == null) {
                problems.add("listener " + url + ": no listener protocol is bound for scheme '" + url.scheme()
                        + "' (schemes bound: " + String.join(", ", protocols.keySet()) + ")");
                continue;
            }
            Entry<?> entry = entry(url, protocol);
            if (injector.getExistingBinding(entry.handlerKey()) == null) {
                problems.add("listener " + url + " needs a " + describe(entry.handlerKey())
                        + " bound (bind one in a service provider)");
            }
            entries.add(entry);
        }
        return new ListenerPlan(entries);
    }

    private static <H> Entry<H> entry(ListenUrl url, ListenerProtocol<H> protocol) {
        Class<H> type = requireNonNull(protocol.handlerType(), protocol.getClass().getName() + ".handlerType() is null");
        Key<H> key = url.handler().map(name -> Key.get(type, Names.named(name))).orElseGet(() -> Key.get(type));
        return new Entry<>(url, protocol, key);
    }

    private static Map<String, ListenerProtocol<?>> protocols(Injector injector, List<String> problems) {
        List<ListenerProtocol<?>> all = new ArrayList<>(Network.kernelProtocols());
        Binding<Set<ListenerProtocol<?>>> bound = injector.getExistingBinding(PROTOCOLS);
        if (bound != null) {
            all.addAll(bound.getProvider().get());
        }
        Map<String, ListenerProtocol<?>> byScheme = new TreeMap<>();
        for (ListenerProtocol<?> protocol : all) {
            ListenerProtocol<?> before = byScheme.putIfAbsent(protocol.scheme(), protocol);
            if (before != null) {
                problems.add("listener protocol scheme '" + protocol.scheme() + "' is bound twice: by "
                        + before.getClass().getName() + " and by " + protocol.getClass().getName());
            }
        }
        return byScheme;
    }

    /** {@code com.example.Handler} or {@code com.example.Handler annotated @Named("name")}. */
    static String describe(Key<?> key) {
        String type = key.getTypeLiteral().toString();
        if (key.getAnnotation() instanceof com.google.inject.name.Named named) {
            return type + " annotated @Named(\"" + named.value() + "\")";
        }
        return key.getAnnotation() == null ? type : type + " annotated " + key.getAnnotation();
    }

    /** The handler keys every request worker resolves, in listener order. */
    public Set<Key<?>> handlerKeys() {
        Set<Key<?>> keys = new LinkedHashSet<>();
        entries.forEach(entry -> keys.add(entry.handlerKey()));
        return keys;
    }

    /** Binds every listener in order. */
    public List<BoundListener> bind(Network network, Dispatcher dispatcher, ServerSettings settings,
                                    Supplier<ListenerMetrics> metrics) {
        List<BoundListener> bound = new ArrayList<>();
        for (Entry<?> entry : entries) {
            bound.add(entry.bind(network, dispatcher, settings, metrics.get()));
        }
        return bound;
    }
}

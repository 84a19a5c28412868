package io.fastd.kernel.worker.internal;

import static java.util.Objects.requireNonNull;

import com.google.inject.Binding;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Scope;
import com.google.inject.Scopes;
import com.google.inject.spi.BindingScopingVisitor;
import com.google.inject.spi.HasDependencies;
import com.google.inject.spi.InstanceBinding;
import com.google.inject.spi.LinkedKeyBinding;
import io.fastd.kernel.worker.PoolBindingException;
import io.fastd.kernel.worker.WorkerScope;
import io.fastd.kernel.worker.WorkerScoped;
import io.fastd.pool.PoolInterface;
import java.lang.annotation.Annotation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The result of walking an injector for pools: every binding whose key type is a
 * {@link PoolInterface}, in initialization order, with its scope. Computed once per application
 * (bindings do not change after the injector is built), so a worker start provisions exactly these
 * keys and nothing else.
 *
 * <p>Order: the root injector's bindings first, then each child's. Within an injector, the order
 * in which Guice lists its bindings: declaration order, except that untargetted bindings
 * ({@code bind(MyPool.class).in(WorkerScoped.class)}, with no {@code .to...}) come after every
 * targeted one. A pool reachable through several keys is initialized at its first position. To
 * control the order, add pools to the {@code Set<PoolInterface>} multibinder in the order wanted:
 * its elements are targeted bindings and keep declaration order. Pools close in reverse.
 *
 * <p>The walk provisions nothing: it reads keys and scopes only. Scopes are resolved through
 * linked bindings ({@code addBinding().to(MyPool.class)} takes the scope of {@code MyPool}'s own
 * binding). Bindings with no scope, or a scope other than singleton and {@link WorkerScoped},
 * are refused because every {@code get()} would create a new instance that nobody else holds.
 * A link with a scope of its own whose target has the other managed scope (a singleton pool
 * linked {@code .in(WorkerScoped.class)}, or the reverse) is refused too, naming both bindings.
 *
 * <p>Only explicit bindings are walked, plus just-in-time ones already created that a binding of
 * the walked tree injects directly: a pool must be bound in a module or added to the
 * {@code Set<PoolInterface>} multibinder. The walked tree is the given injector and its parents,
 * never its children: a just-in-time pool binding that Guice placed here for a child injector
 * (the target of the child's link) is judged by the links that reach it from the walked tree,
 * and ignored when none does.
 */
public final class PoolPlan {

    private final List<PoolBinding> bindings;
    private final int bindingsVisited;

    private PoolPlan(List<PoolBinding> bindings, int bindingsVisited) {
        this.bindings = List.copyOf(bindings);
        this.bindingsVisited = bindingsVisited;
    }

    /**
     * Walks {@code injector} and its parents.
     *
     * @throws PoolBindingException listing every pool binding without a usable scope
     */
    public static PoolPlan of(Injector injector, WorkerScope workerScope) {
        requireNonNull(injector, "injector is null");
        requireNonNull(workerScope, "workerScope is null");
        Deque<Injector> chain = new ArrayDeque<>();
        for (Injector level = injector; level != null; level = level.getParent()) {
            chain.addFirst(level);
        }
        // What the visible tree (this injector and its parents) says about each key: which pool
        // keys link to it, and which bindings inject it directly. Guice puts the just-in-time
        // binding of a link's target in the highest injector that can hold it, so a link in a child
        // and its target's binding in a parent are judged together.
        // getAllBindings() copies the injector's map on every call: read each level once.
        Map<Injector, Map<Key<?>, Binding<?>>> allOf = new java.util.IdentityHashMap<>();
        Set<Key<?>> linkTargets = new HashSet<>();
        Set<Key<?>> justInTimePools = new HashSet<>();
        for (Injector level : chain) {
            Map<Key<?>, Binding<?>> all = level.getAllBindings();
            allOf.put(level, all);
            Set<Key<?>> explicit = level.getBindings().keySet();
            for (Binding<?> binding : all.values()) {
                if (isPool(binding.getKey())) {
                    if (binding instanceof LinkedKeyBinding<?> linked) {
                        linkTargets.add(linked.getLinkedKey());
                    }
                    if (!explicit.contains(binding.getKey())) {
                        justInTimePools.add(binding.getKey());
                    }
                }
            }
        }
        // Only just-in-time pool bindings are judged by who injects them; asking every binding for
        // its dependencies is costly (Guice builds them per call), so it is done only for those keys.
        Map<Key<?>, Binding<?>> injectedBy = new java.util.HashMap<>();
        if (!justInTimePools.isEmpty()) {
            for (Injector level : chain) {
                for (Binding<?> binding : allOf.get(level).values()) {
                    if (binding instanceof LinkedKeyBinding<?> && isPool(binding.getKey())) {
                        continue;
                    }
                    if (binding instanceof HasDependencies dependent) {
                        dependent.getDependencies().forEach(dependency -> {
                            if (justInTimePools.contains(dependency.getKey())) {
                                injectedBy.putIfAbsent(dependency.getKey(), binding);
                            }
                        });
                    }
                }
            }
        }
        List<PoolBinding> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int visited = 0;
        for (Injector level : chain) {
            Map<Key<?>, Binding<?>> all = allOf.get(level);
            Set<Key<?>> explicit = level.getBindings().keySet();
            for (Binding<?> binding : all.values()) {
                visited++;
                if (!isPool(binding.getKey())) {
                    continue;
                }
                if (!explicit.contains(binding.getKey())) {
                    // A just-in-time binding is a pool of its own only when the visible tree injects it
                    // directly. The target of a linked binding is reached through the link, which
                    // carries the scope; one that nothing visible refers to was made for a child
                    // injector the walk cannot see, and is none of this application's pools.
                    Binding<?> direct = injectedBy.get(binding.getKey());
                    if (linkTargets.contains(binding.getKey()) && direct != null
                            && scopingOf(binding, level, workerScope) == Scoping.NONE) {
                        problems.add(injectedBehindALink(binding, direct));
                        continue;
                    }
                    if (linkTargets.contains(binding.getKey()) || direct == null) {
                        continue;
                    }
                }
                Scoping scoping = scopingOf(binding, level, workerScope);
                String contradiction = contradiction(binding, scoping, level, workerScope);
                if (contradiction != null) {
                    problems.add(contradiction);
                    continue;
                }
                switch (scoping) {
                    case SINGLETON -> found.add(new PoolBinding(binding.getKey(), false, binding.getSource()));
                    case WORKER -> found.add(new PoolBinding(binding.getKey(), true, binding.getSource()));
                    case NONE -> problems.add(explicit.contains(binding.getKey()) ? unscoped(binding)
                            : unscopedJustInTime(binding, injectedBy.get(binding.getKey())));
                    case OTHER -> problems.add("Pool " + binding.getKey() + " (bound at " + binding.getSource()
                            + ") is in a scope the kernel does not manage; bind it .in(WorkerScoped.class)"
                            + " for one instance per worker, or .in(Singleton.class) for one per process");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new PoolBindingException(problems);
        }
        return new PoolPlan(found, visited);
    }

    /** The pool bindings, in initialization order. */
    public List<PoolBinding> bindings() {
        return bindings;
    }

    /** How many bindings the walk looked at, pools or not. */
    public int bindingsVisited() {
        return bindingsVisited;
    }

    private static boolean isPool(Key<?> key) {
        return PoolInterface.class.isAssignableFrom(key.getTypeLiteral().getRawType());
    }

    private static String unscoped(Binding<?> binding) {
        return "Pool " + binding.getKey() + " (bound at " + binding.getSource() + ") has no scope, so every"
                + " injection would create a new instance that the walk never initializes. Bind it"
                + " .in(WorkerScoped.class) for one instance per worker, or .in(Singleton.class) for one per process"
                + " (for a multibinder element, scope the class it links to: bind(MyPool.class).in(WorkerScoped.class)"
                + " and addBinding().to(MyPool.class))";
    }

    private static String injectedBehindALink(Binding<?> target, Binding<?> injector) {
        String name = target.getKey().getTypeLiteral().getRawType().getSimpleName();
        return "Pool " + target.getKey() + " is injected directly by " + describe(injector) + ", but only a link to it"
                + " has a scope: " + name + " itself is unscoped, so that injection gets a new instance that the walk never"
                + " initializes. Bind " + name + " .in(WorkerScoped.class) (or .in(Singleton.class)) and link to it"
                + " without a scope: addBinding().to(" + name + ".class)";
    }

    private static String unscopedJustInTime(Binding<?> binding, Binding<?> direct) {
        String name = binding.getKey().getTypeLiteral().getRawType().getSimpleName();
        return "Pool " + binding.getKey() + " is not bound, but " + describe(direct) + " injects it, so Guice binds it"
                + " just in time without a scope: every injection would create a new instance that the walk never"
                + " initializes. Bind it in a provider: bind(" + name + ".class).in(WorkerScoped.class) for one instance"
                + " per worker, or .in(Singleton.class) for one per process";
    }

    private enum Scoping { SINGLETON, WORKER, NONE, OTHER }

    /**
     * A scoped link whose target has the other managed scope: {@code addBinding().to(P.class)
     * .in(WorkerScoped.class)} with {@code P} a singleton would hand every worker the process's one
     * instance (initialized and closed again by each worker); the reverse would provision a
     * worker's instance outside any worker. Null when the binding is not such a link.
     */
    private static String contradiction(Binding<?> binding, Scoping scoping, Injector injector, WorkerScope workerScope) {
        if (!(binding instanceof LinkedKeyBinding<?> linked) || (scoping != Scoping.WORKER && scoping != Scoping.SINGLETON)) {
            return null;
        }
        Binding<?> target = injector.getBinding(linked.getLinkedKey());
        Scoping targetScoping = scopingOf(target, injector, workerScope);
        if (targetScoping == scoping || (targetScoping != Scoping.WORKER && targetScoping != Scoping.SINGLETON)) {
            return null;
        }
        String targetName = linked.getLinkedKey().getTypeLiteral().getRawType().getSimpleName();
        if (scoping == Scoping.WORKER) {
            return "Pool " + describe(target) + " is a singleton (one instance per process), but "
                    + describe(binding) + " links to it in WorkerScoped: every worker would get the process's"
                    + " one instance and initialize and close it again. Remove .in(WorkerScoped.class) from the link"
                    + " for one instance per process, or bind " + targetName + " .in(WorkerScoped.class) for one per worker";
        }
        return "Pool " + describe(target) + " is worker-scoped (one instance per worker), but "
                + describe(binding) + " links to it as a singleton: the process-wide instance would have to be"
                + " taken from one worker. Remove the singleton scope from the link for one instance per worker,"
                + " or bind " + targetName + " .in(Singleton.class) for one per process";
    }

    /** A binding as people wrote it: a multibinder element, or a key, with where it was declared. */
    static String describe(Binding<?> binding) {
        Key<?> key = binding.getKey();
        if (key.getAnnotationType() != null && key.getAnnotationType().getName().equals("com.google.inject.internal.Element")) {
            return "the Set<" + key.getTypeLiteral() + "> element added at " + binding.getSource();
        }
        return key + " (bound at " + binding.getSource() + ")";
    }

    private static Scoping scopingOf(Binding<?> binding, Injector injector, WorkerScope workerScope) {
        if (binding instanceof InstanceBinding) {
            return Scoping.SINGLETON;
        }
        return binding.acceptScopingVisitor(new BindingScopingVisitor<Scoping>() {
            @Override
            public Scoping visitEagerSingleton() {
                return Scoping.SINGLETON;
            }

            @Override
            public Scoping visitScope(Scope scope) {
                if (scope == workerScope) {
                    return Scoping.WORKER;
                }
                return scope == Scopes.SINGLETON ? Scoping.SINGLETON : Scoping.OTHER;
            }

            @Override
            public Scoping visitScopeAnnotation(Class<? extends Annotation> annotation) {
                if (annotation == WorkerScoped.class) {
                    return Scoping.WORKER;
                }
                return annotation == com.google.inject.Singleton.class || annotation == jakarta.inject.Singleton.class
                        ? Scoping.SINGLETON : Scoping.OTHER;
            }

            @Override
            public Scoping visitNoScoping() {
                if (binding instanceof LinkedKeyBinding<?> linked) {
                    Key<?> target = linked.getLinkedKey();
                    return scopingOf(injector.getBinding(target), injector, workerScope);
                }
                return Scoping.NONE;
            }
        });
    }
}

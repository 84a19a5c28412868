package io.fastd.kernel.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.name.Names;
import io.fastd.kernel.config.Config;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderResolverTest {

    public static class FirstProvider extends ServiceProvider {
        @Override
        protected void configure() {
            bindConstant().annotatedWith(Names.named("first")).to(config().getString("app.name", "none"));
        }
    }

    public static class SecondProvider extends ServiceProvider {
        @Override
        protected void configure() {
            bindConstant().annotatedWith(Names.named("second")).to(2);
        }
    }

    public static class DiscoveredProvider extends ServiceProvider {
        @Override
        protected void configure() {
            bindConstant().annotatedWith(Names.named("discovered")).to(true);
        }
    }

    public static class PlainModule extends AbstractModule {
    }

    public static class NotAProvider {
    }

    public static class NeedsArguments extends ServiceProvider {
        public NeedsArguments(String argument) {
        }

        @Override
        protected void configure() {
        }
    }

    public static class ThrowsInConstructor extends ServiceProvider {
        public ThrowsInConstructor() {
            throw new IllegalStateException("boom");
        }

        @Override
        protected void configure() {
        }
    }

    @TempDir
    Path dir;

    private static Config config(String services) {
        return Config.of(Map.of("app.services", services, "app.name", "demo"), "file /app/config/app.yml");
    }

    private ClassLoader loaderDiscovering(Class<?>... providers) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        StringBuilder lines = new StringBuilder();
        for (Class<?> provider : providers) {
            lines.append(provider.getName()).append('\n');
        }
        Files.writeString(services.resolve(ServiceProvider.class.getName()), lines);
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void providersComeFromConfigThenBuilderThenServiceLoaderInOrder() throws IOException {
        ProviderResolver resolver = new ProviderResolver(config(FirstProvider.class.getName() + ", " + PlainModule.class.getName()),
                loaderDiscovering(DiscoveredProvider.class));

        List<Module> modules = resolver.resolve(List.of(new SecondProvider()), true);

        assertThat(modules).extracting(module -> module.getClass().getSimpleName())
                .containsExactly("FirstProvider", "PlainModule", "SecondProvider", "DiscoveredProvider");
    }

    @Test
    void discoveryCanBeTurnedOff() throws IOException {
        ProviderResolver resolver = new ProviderResolver(config(""), loaderDiscovering(DiscoveredProvider.class));

        assertThat(resolver.resolve(List.of(), false)).isEmpty();
    }

    @Test
    void theSameProviderRegisteredThriceIsInstalledOnce() throws IOException {
        ProviderResolver resolver = new ProviderResolver(config(FirstProvider.class.getName()),
                loaderDiscovering(FirstProvider.class));

        List<Module> modules = resolver.resolve(List.of(new FirstProvider(), new FirstProvider()), true);

        assertThat(modules).hasSize(1).first().isInstanceOf(FirstProvider.class);
    }

    @Test
    void providersSeeTheConfig() {
        ProviderResolver resolver = new ProviderResolver(config(FirstProvider.class.getName()), getClass().getClassLoader());
        FirstProvider provider = (FirstProvider) resolver.resolve(List.of(), false).get(0);

        assertThat(provider.config().getString("app.name")).contains("demo");
    }

    @Test
    void configIsUnavailableBeforeInstallation() {
        assertThatThrownBy(() -> new FirstProvider().config())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(FirstProvider.class.getName()
                        + ".config() is only available once the provider is installed by an Application");
    }

    @Test
    void everyBadClassNameIsReportedWithFileKeyAndClass() {
        String services = String.join(",", "com.example.Missing", NotAProvider.class.getName(),
                NeedsArguments.class.getName(), ThrowsInConstructor.class.getName(), FirstProvider.class.getName());
        ProviderResolver resolver = new ProviderResolver(config(services), getClass().getClassLoader());

        String where = "app.services (file /app/config/app.yml): class '";
        assertThatThrownBy(() -> resolver.resolve(List.of(), false))
                .isInstanceOf(ProviderException.class)
                .hasMessage("Cannot load service providers (4 problems):\n"
                        + "  - " + where + "com.example.Missing' not found on the class path\n"
                        + "  - " + where + NotAProvider.class.getName() + "' is not a service provider (it must extend "
                        + ServiceProvider.class.getName() + " or implement com.google.inject.Module)\n"
                        + "  - " + where + NeedsArguments.class.getName() + "' has no public no-argument constructor\n"
                        + "  - " + where + ThrowsInConstructor.class.getName()
                        + "' constructor threw java.lang.IllegalStateException: boom");
    }
}

package org.elasticsearch.node;

import org.elasticsearch.Build;
import org.elasticsearch.action.admin.cluster.node.info.PluginsAndModules;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginDescriptor;
import org.elasticsearch.plugins.PluginRuntimeInfo;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;

import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds an Elasticsearch {@link Node} whose plugins are given as classes that are already on the classpath.
 *
 * <p>Elasticsearch only knows how to load plugins from a {@code plugins/} or {@code modules/} directory of jars, each in
 * its own class loader. Inside a Spring Boot fat jar there is no such directory, and the plugin classes are already loaded
 * by the application class loader. The only seam for handing over ready-made plugins is the package-private
 * {@link NodeServiceProvider#newPluginService} hook together with the package-private {@link Node#Node(NodeConstruction)}
 * constructor, which is why this class has to live in Elasticsearch's own package. Being on the same class loader and in
 * the unnamed module as the server jar is enough for the JVM to treat it as the same runtime package. The plugins service
 * keeps its plugins in a record that is private to {@code org.elasticsearch.plugins}, so that one record is built
 * reflectively; these are internals that may change in any Elasticsearch release, which then fails at node creation
 * with an explicit message rather than later.
 *
 * <p>Only plugins that neither extend nor are extended by other plugins are supported; this is all the embedded node needs
 * ({@code transport-netty4} for HTTP).
 */
public final class CustodyInProcessNode {

    private CustodyInProcessNode() {}

    /**
     * Creates (but does not start) a node for {@code environment} with exactly the given classpath plugins.
     */
    public static Node create(Environment environment, List<Class<? extends Plugin>> plugins) {
        // An empty loader means "no plugins/ and modules/ directories": nothing is scanned and no jar-hell check runs,
        // which would otherwise trip over the fat jar's nested jars. Server exports must be off: they describe the
        // org.elasticsearch.server module, which on a plain classpath is just part of the unnamed module and has no
        // descriptor.
        PluginsLoader noDirectories = PluginsLoader.createPluginsLoader(Set.of(), Set.of(), Map.of(), false);
        NodeServiceProvider provider = new NodeServiceProvider() {
            @Override
            PluginsService newPluginService(Environment initialEnvironment, PluginsLoader pluginsLoader) {
                return new ClasspathPluginsService(initialEnvironment.settings(), initialEnvironment.configDir(), pluginsLoader, plugins);
            }
        };
        return new InProcessNode(NodeConstruction.prepareConstruction(environment, noDirectories, provider, true));
    }

    private static final class InProcessNode extends Node {

        InProcessNode(NodeConstruction construction) {
            super(construction);
        }

        // The default publishes the node and cluster id into a JVM-wide set-once holder for Elasticsearch's own Log4j
        // layouts, which are not used here (logs go to SLF4J). A second node in the same JVM, such as a restart, would
        // fail on that holder inside the cluster applier thread.
        @Override
        protected void configureNodeAndClusterIdStateListener(ClusterService clusterService) {}
    }

    private static final class ClasspathPluginsService extends PluginsService {

        // Holds PluginsService.LoadedPlugin instances. That record is package-private in org.elasticsearch.plugins, so it
        // can be neither named nor constructed from here without reflection; the raw type keeps it unnamed.
        @SuppressWarnings("rawtypes")
        private final List loaded;
        private final PluginsAndModules info;

        @SuppressWarnings({ "rawtypes", "unchecked" })
        ClasspathPluginsService(Settings settings, Path configDir, PluginsLoader emptyLoader, List<Class<? extends Plugin>> classes) {
            super(settings, configDir, emptyLoader);
            Constructor<?> loadedPlugin = loadedPluginConstructor();
            List loaded = new ArrayList();
            List<PluginRuntimeInfo> runtimeInfos = new ArrayList<>();
            for (Class<? extends Plugin> pluginClass : classes) {
                PluginDescriptor descriptor = descriptorFor(pluginClass);
                Plugin instance = instantiate(pluginClass, settings, configDir);
                try {
                    loaded.add(loadedPlugin.newInstance(descriptor, instance, pluginClass.getClassLoader()));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot register classpath plugin " + pluginClass.getName(), e);
                }
                runtimeInfos.add(new PluginRuntimeInfo(descriptor));
            }
            this.loaded = List.copyOf(loaded);
            this.info = new PluginsAndModules(runtimeInfos, List.of());
        }

        @Override
        @SuppressWarnings({ "rawtypes", "unchecked" })
        protected List plugins() {
            return loaded;
        }

        @Override
        public PluginsAndModules info() {
            return info;
        }

        private static Constructor<?> loadedPluginConstructor() {
            try {
                Class<?> type = Class.forName(PluginsService.class.getName() + "$LoadedPlugin", false, PluginsService.class.getClassLoader());
                Constructor<?> constructor = type.getDeclaredConstructor(PluginDescriptor.class, Plugin.class, ClassLoader.class);
                constructor.setAccessible(true);
                return constructor;
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("this Elasticsearch version does not have the expected PluginsService internals", e);
            }
        }

        private static PluginDescriptor descriptorFor(Class<? extends Plugin> pluginClass) {
            String version = Build.current().version();
            return new PluginDescriptor(
                pluginClass.getSimpleName(),
                "classpath plugin " + pluginClass.getName(),
                version,
                version,
                "17",
                pluginClass.getName(),
                null,
                List.of(),
                false,
                false,
                false,
                false
            );
        }

        // Same constructor conventions PluginsService accepts for directory plugins: (Settings, Path), (Settings) or ().
        private static Plugin instantiate(Class<? extends Plugin> pluginClass, Settings settings, Path configDir) {
            try {
                for (Constructor<?> constructor : pluginClass.getConstructors()) {
                    Class<?>[] types = constructor.getParameterTypes();
                    if (types.length == 2 && types[0] == Settings.class && types[1] == Path.class) {
                        return (Plugin) constructor.newInstance(settings, configDir);
                    }
                    if (types.length == 1 && types[0] == Settings.class) {
                        return (Plugin) constructor.newInstance(settings);
                    }
                    if (types.length == 0) {
                        return (Plugin) constructor.newInstance();
                    }
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot instantiate plugin " + pluginClass.getName(), e);
            }
            throw new IllegalStateException("no usable public constructor on plugin " + pluginClass.getName());
        }
    }
}

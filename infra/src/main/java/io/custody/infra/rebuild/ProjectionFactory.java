package io.custody.infra.rebuild;

import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.annotation.ContextAnnotationAutowireCandidateResolver;

import java.util.List;
import java.util.Map;

/**
 * New instances of a read model's projection classes, wired like the live ones except for a few
 * dependencies replaced: the JDBC access that points at the shadow schema, or the search index that
 * points at the new physical index. A child bean factory holds the replacements under the same bean names
 * as the originals, which hides them; everything else resolves from the application. No bean post-processor
 * runs, so Axon does not register the new instances with the live processors.
 */
final class ProjectionFactory {

    private final DefaultListableBeanFactory child;

    ProjectionFactory(ConfigurableListableBeanFactory parent, Map<Class<?>, Object> replacements) {
        child = new DefaultListableBeanFactory(parent);
        child.setAutowireCandidateResolver(new ContextAnnotationAutowireCandidateResolver());
        child.setConversionService(parent.getConversionService());
        child.addEmbeddedValueResolver(parent::resolveEmbeddedValue);
        replacements.forEach((type, instance) -> {
            String[] names = parent.getBeanNamesForType(type);
            if (names.length == 0) {
                names = new String[] {type.getName()};
            }
            for (String name : names) {
                if (!child.containsSingleton(name)) {
                    child.registerSingleton(name, instance);
                }
            }
        });
    }

    List<Object> create(List<Class<?>> classes) {
        return classes.stream().map(type -> child.autowire(type, AutowireCapableBeanFactory.AUTOWIRE_CONSTRUCTOR, false))
                .toList();
    }
}

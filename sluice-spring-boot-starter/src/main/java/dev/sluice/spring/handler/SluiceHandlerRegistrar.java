package dev.sluice.spring.handler;

import dev.sluice.spring.SluiceHandler;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/** Finds {@link SluiceHandler} methods on beans as they are created. */
public class SluiceHandlerRegistrar implements BeanPostProcessor {

    private final List<HandlerRegistration> registrations = new CopyOnWriteArrayList<>();

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> type = AopUtils.getTargetClass(bean);
        if (type.getName().startsWith("org.springframework.")) {
            return bean;
        }
        Map<Method, SluiceHandler> methods = MethodIntrospector.selectMethods(type,
                (MethodIntrospector.MetadataLookup<SluiceHandler>) m -> AnnotatedElementUtils.findMergedAnnotation(m, SluiceHandler.class));
        methods.forEach((method, annotation) -> {
            // Call through the bean (maybe a proxy), so @Transactional and other advice on it apply.
            Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
            HandlerMethod handler = new HandlerMethod(bean, invocable);
            registrations.add(new HandlerRegistration(annotation.queue(), handler, "method " + handler.describe(),
                    annotation.concurrency(), annotation.batchSize(), annotation.maxAttempts()));
        });
        return bean;
    }

    /** The annotated methods found so far. */
    public List<HandlerRegistration> registrations() {
        return List.copyOf(registrations);
    }
}

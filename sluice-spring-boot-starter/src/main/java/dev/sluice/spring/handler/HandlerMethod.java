package dev.sluice.spring.handler;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.queue.InvalidMessageException;
import dev.sluice.queue.PayloadCodec;
import dev.sluice.queue.ReceivedMessage;
import dev.sluice.worker.Batch;
import dev.sluice.worker.BatchHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code @SluiceHandler} method as a {@link BatchHandler}: works out once, from the signature,
 * how each argument is made from a batch.
 */
final class HandlerMethod implements BatchHandler {

    private enum Shape { BATCH, MESSAGES, PAYLOAD_LIST, PAYLOAD_EACH }

    private final Object bean;
    private final Method method;
    private final Shape[] shapes;
    private final JavaType payloadType;
    private final boolean perMessage;

    HandlerMethod(Object bean, Method method) {
        this.bean = bean;
        this.method = method;
        method.setAccessible(true);
        Type[] types = method.getGenericParameterTypes();
        shapes = new Shape[types.length];
        JavaType payload = null;
        boolean each = false;
        int payloadParameters = 0;
        ObjectMapper mapper = PayloadCodec.mapper();
        for (int i = 0; i < types.length; i++) {
            Type t = types[i];
            if (t == Batch.class) {
                shapes[i] = Shape.BATCH;
                continue;
            }
            payloadParameters++;
            if (t instanceof ParameterizedType p && p.getRawType() == List.class) {
                Type element = p.getActualTypeArguments()[0];
                if (element == ReceivedMessage.class) {
                    shapes[i] = Shape.MESSAGES;
                } else {
                    shapes[i] = Shape.PAYLOAD_LIST;
                    payload = mapper.constructType(element);
                }
            } else if (t == List.class) {
                throw invalid("its List parameter has no element type; declare List<YourPayload> or List<ReceivedMessage>");
            } else {
                shapes[i] = Shape.PAYLOAD_EACH;
                payload = mapper.constructType(t);
                each = true;
            }
        }
        if (payloadParameters > 1) {
            throw invalid("it takes " + payloadParameters + " payload parameters; take one (a List<T>, a T or a List<ReceivedMessage>) and optionally a Batch");
        }
        if (types.length == 0) {
            throw invalid("it takes no parameter; take a Batch, a List<T> of payloads or one payload T");
        }
        this.payloadType = payload;
        this.perMessage = each;
    }

    private IllegalStateException invalid(String why) {
        return new IllegalStateException("@SluiceHandler method " + describe() + " cannot be used: " + why + ".");
    }

    String describe() {
        return method.getDeclaringClass().getName() + "." + method.getName();
    }

    @Override
    public void handle(Batch batch) throws Exception {
        if (perMessage) {
            for (ReceivedMessage m : batch.messages()) {
                invoke(batch, read(m));
            }
        } else {
            List<Object> payloads = null;
            if (payloadType != null) {
                payloads = new ArrayList<>(batch.size());
                for (ReceivedMessage m : batch.messages()) {
                    payloads.add(read(m));
                }
            }
            invoke(batch, payloads);
        }
    }

    private Object read(ReceivedMessage m) {
        if (m.payloadJson() == null) {
            return null;
        }
        try {
            return PayloadCodec.mapper().readValue(m.payloadJson(), payloadType);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidMessageException("Message " + m.id() + " of queue \"" + m.queue() + "\" cannot be read as "
                    + payloadType.toCanonical() + " for " + describe() + ": " + e.getOriginalMessage(), e);
        }
    }

    private void invoke(Batch batch, Object payload) throws Exception {
        Object[] args = new Object[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            args[i] = switch (shapes[i]) {
                case BATCH -> batch;
                case MESSAGES -> batch.messages();
                case PAYLOAD_LIST, PAYLOAD_EACH -> payload;
            };
        }
        try {
            method.invoke(bean, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}

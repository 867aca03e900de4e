package org.babelbridge.speech.google;

import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.protobuf.Message;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An in-process gRPC server for one unary method of a Google Cloud API, served under the API's real service
 * and method names with Google's own messages. Records each request and the deadline it arrived with; the
 * handler answers, throws a {@code StatusRuntimeException}, or blocks past the deadline.
 */
public final class InProcessGoogleService<Q extends Message, R extends Message> implements AutoCloseable {

    public final List<Q> requests = new CopyOnWriteArrayList<>();
    public final List<Long> deadlinesMs = new CopyOnWriteArrayList<>();
    private final Server server;
    private final ManagedChannel channel;

    public InProcessGoogleService(String service, String method, Q requestPrototype, R responsePrototype,
                                  Function<Q, R> handler) throws IOException {
        MethodDescriptor<Q, R> descriptor = MethodDescriptor.<Q, R>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(service, method))
                .setRequestMarshaller(ProtoUtils.marshaller(requestPrototype))
                .setResponseMarshaller(ProtoUtils.marshaller(responsePrototype)).build();
        ServerServiceDefinition definition = ServerServiceDefinition.builder(service)
                .addMethod(descriptor, ServerCalls.asyncUnaryCall((request, out) -> {
                    requests.add(request);
                    var deadline = Context.current().getDeadline();
                    deadlinesMs.add(deadline == null ? -1 : deadline.timeRemaining(TimeUnit.MILLISECONDS));
                    try {
                        out.onNext(handler.apply(request));
                        out.onCompleted();
                    } catch (io.grpc.StatusRuntimeException e) {
                        out.onError(e);
                    }
                })).build();
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).addService(definition).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
    }

    /** The channel for the adapter's {@code start(config, channel, credentials)}. */
    public TransportChannelProvider channel() {
        return FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}

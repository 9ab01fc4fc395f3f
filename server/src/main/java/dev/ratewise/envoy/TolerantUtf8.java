package dev.ratewise.envoy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Accepts requests whose string fields are not valid UTF-8. Envoy copies header bytes into
 * descriptor values and CheckRequest headers, and an HTTP header may carry bytes such as 0xFF.
 * protobuf-java rejects such proto3 strings, gRPC then fails the call, and Envoy's default
 * fail-open lets the request through, so one odd byte would be a way around every limit. Here a
 * request that fails to parse for that reason is parsed again with each invalid string replaced
 * by U+FFFD followed by the hex of its bytes: distinct inputs stay distinct counters.
 */
public final class TolerantUtf8 {
  /** Bytes a stream may be asked to rewind; a gRPC message never exceeds the inbound limit. */
  private static final int MARK_LIMIT = Integer.MAX_VALUE;

  private TolerantUtf8() {}

  /** Returns the service with every protobuf request marshaller made tolerant. */
  public static ServerServiceDefinition wrap(ServerServiceDefinition service) {
    ServiceDescriptor old = service.getServiceDescriptor();
    List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      methods.add(rebind(method));
    }
    ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(old.getName())
        .setSchemaDescriptor(old.getSchemaDescriptor());
    methods.forEach(method -> descriptor.addMethod(method.getMethodDescriptor()));
    ServerServiceDefinition.Builder builder =
        ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(builder::addMethod);
    return builder.build();
  }

  private static <Q, R> ServerMethodDefinition<Q, R> rebind(ServerMethodDefinition<Q, R> method) {
    MethodDescriptor<Q, R> descriptor = method.getMethodDescriptor();
    if (!(descriptor.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<Q>
        marshaller) || !(marshaller.getMessagePrototype() instanceof Message prototype)) {
      return method;
    }
    MethodDescriptor<Q, R> tolerant = descriptor.toBuilder()
        .setRequestMarshaller(new Tolerant<>(marshaller, prototype.getDescriptorForType()))
        .build();
    return ServerMethodDefinition.create(tolerant, method.getServerCallHandler());
  }

  /**
   * Re-encodes a message with every string field that is not valid UTF-8 replaced. Fields are
   * read with the message's descriptor, so nested messages and map entries are walked too.
   */
  static byte[] repair(byte[] bytes, Descriptor type) throws InvalidProtocolBufferException {
    UnknownFieldSet fields = UnknownFieldSet.parseFrom(bytes);
    UnknownFieldSet.Builder repaired = UnknownFieldSet.newBuilder();
    for (Map.Entry<Integer, UnknownFieldSet.Field> entry : fields.asMap().entrySet()) {
      FieldDescriptor field = type.findFieldByNumber(entry.getKey());
      UnknownFieldSet.Field value = entry.getValue();
      repaired.addField(entry.getKey(), field == null ? value : repairField(value, field));
    }
    return repaired.build().toByteArray();
  }

  private static UnknownFieldSet.Field repairField(UnknownFieldSet.Field value,
      FieldDescriptor field) throws InvalidProtocolBufferException {
    UnknownFieldSet.Field.Builder out = UnknownFieldSet.Field.newBuilder();
    value.getVarintList().forEach(out::addVarint);
    value.getFixed32List().forEach(out::addFixed32);
    value.getFixed64List().forEach(out::addFixed64);
    value.getGroupList().forEach(out::addGroup);
    for (ByteString bytes : value.getLengthDelimitedList()) {
      if (field.getType() == FieldDescriptor.Type.STRING) {
        out.addLengthDelimited(validString(bytes));
      } else if (field.getType() == FieldDescriptor.Type.MESSAGE) {
        out.addLengthDelimited(
            ByteString.copyFrom(repair(bytes.toByteArray(), field.getMessageType())));
      } else {
        out.addLengthDelimited(bytes);
      }
    }
    return out.build();
  }

  private static ByteString validString(ByteString bytes) {
    if (bytes.isValidUtf8()) {
      return bytes;
    }
    return ByteString.copyFromUtf8("\uFFFD" + HexFormat.of().formatHex(bytes.toByteArray()));
  }

  /** A request marshaller that parses as usual and repairs strings only when that fails. */
  private static final class Tolerant<Q> implements MethodDescriptor.PrototypeMarshaller<Q> {
    private final MethodDescriptor.PrototypeMarshaller<Q> delegate;
    private final Descriptor type;

    Tolerant(MethodDescriptor.PrototypeMarshaller<Q> delegate, Descriptor type) {
      this.delegate = delegate;
      this.type = type;
    }

    @Override
    public InputStream stream(Q value) {
      return delegate.stream(value);
    }

    @Override
    public Q parse(InputStream stream) {
      InputStream input = stream.markSupported() ? stream : new ByteArrayInputStream(read(stream));
      input.mark(MARK_LIMIT);
      try {
        return delegate.parse(input);
      } catch (StatusRuntimeException e) {
        if (!(e.getCause() instanceof InvalidProtocolBufferException)) {
          throw e;
        }
        return parseRepaired(input, e);
      }
    }

    private Q parseRepaired(InputStream input, StatusRuntimeException original) {
      try {
        input.reset();
        byte[] repaired = repair(read(input), type);
        return delegate.parse(new ByteArrayInputStream(repaired));
      } catch (IOException | RuntimeException e) {
        original.addSuppressed(e);
        throw original;
      }
    }

    private static byte[] read(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the request message", e);
      }
    }

    @Override
    public Class<Q> getMessageClass() {
      return delegate.getMessageClass();
    }

    @Override
    public Q getMessagePrototype() {
      return delegate.getMessagePrototype();
    }
  }
}

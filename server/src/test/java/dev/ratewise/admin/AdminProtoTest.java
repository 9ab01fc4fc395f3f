package dev.ratewise.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import dev.ratewise.admin.v1.AdminProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks the admin API's .proto against the usual API rules: a versioned package, Java options,
 * a comment on every declaration, no {@code required}, and {@code _UNSPECIFIED} enum zero
 * values. The generated descriptor lists the declarations, and the file's text supplies the
 * comments, which the generated code drops.
 */
class AdminProtoTest {
  /** The .proto file, relative to the server module, where Maven runs the tests. */
  private static final Path PROTO = Path.of("../proto/ratewise/admin/v1/admin.proto");

  private static final Pattern BLOCK =
      Pattern.compile("^(message|enum|service|oneof)\\s+(\\w+)\\s*\\{");
  private static final Pattern RPC = Pattern.compile("^rpc\\s+(\\w+)\\s*\\(");
  private static final Pattern FIELD =
      Pattern.compile("^(?:repeated\\s+|optional\\s+)?[\\w.]+\\s+(\\w+)\\s*=\\s*\\d+");
  private static final Pattern ENUM_VALUE = Pattern.compile("^(\\w+)\\s*=\\s*-?\\d+");

  private final FileDescriptor file = AdminProto.getDescriptor();

  @Test
  void packageName_hasVersion() {
    assertEquals("ratewise.admin.v1", file.getPackage());
    assertTrue(file.getPackage().matches("[a-z_]+(\\.[a-z_]+)*\\.v\\d+"), file.getPackage());
  }

  @Test
  void javaOptions_areSet() {
    assertEquals("dev.ratewise.admin.v1", file.getOptions().getJavaPackage());
    assertTrue(file.getOptions().getJavaMultipleFiles());
    assertEquals("AdminProto", file.getOptions().getJavaOuterClassname());
  }

  @Test
  void text_hasNoRequiredLabel() throws IOException {
    List<String> lines = Files.readAllLines(PROTO);

    boolean anyRequired = lines.stream().map(String::strip)
        .anyMatch(line -> line.startsWith("required "));

    assertFalse(anyRequired);
  }

  @TestFactory
  Stream<DynamicTest> everyField_isNotRequired() {
    return allMessages().stream().flatMap(m -> m.getFields().stream())
        .map(field -> DynamicTest.dynamicTest(field.getFullName(),
            () -> assertFalse(field.isRequired())));
  }

  @TestFactory
  Stream<DynamicTest> everyEnum_hasUnspecifiedZero() {
    List<EnumDescriptor> enums = new ArrayList<>(file.getEnumTypes());
    allMessages().forEach(m -> enums.addAll(m.getEnumTypes()));
    return enums.stream().map(e -> DynamicTest.dynamicTest(e.getFullName(), () -> {
      EnumValueDescriptor zero = e.findValueByNumber(0);

      assertNotNull(zero);
      assertEquals(screamingSnake(e.getName()) + "_UNSPECIFIED", zero.getName());
    }));
  }

  @TestFactory
  Stream<DynamicTest> everyDeclaration_hasComment() throws IOException {
    Map<String, Boolean> commented = scanComments(Files.readAllLines(PROTO));
    return declarations().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
      assertTrue(commented.containsKey(name), "not found in the .proto text: " + name);
      assertTrue(commented.get(name), "no comment above " + name);
    }));
  }

  /** Lists every service, RPC, message, field, oneof, enum and enum value by its path. */
  private List<String> declarations() {
    List<String> names = new ArrayList<>();
    for (ServiceDescriptor service : file.getServices()) {
      names.add(service.getName());
      for (MethodDescriptor method : service.getMethods()) {
        names.add(service.getName() + "." + method.getName());
      }
    }
    for (Descriptor message : allMessages()) {
      String path = relativeName(message.getFullName());
      names.add(path);
      message.getFields().forEach(f -> names.add(path + "." + f.getName()));
      message.getRealOneofs().forEach(o -> names.add(path + "." + o.getName()));
    }
    List<EnumDescriptor> enums = new ArrayList<>(file.getEnumTypes());
    allMessages().forEach(m -> enums.addAll(m.getEnumTypes()));
    for (EnumDescriptor e : enums) {
      String path = relativeName(e.getFullName());
      names.add(path);
      e.getValues().forEach(v -> names.add(path + "." + v.getName()));
    }
    return names;
  }

  /**
   * Maps each declaration in the text to whether the line above it is a comment. Fields inside
   * a oneof belong to the enclosing message, as in the descriptor.
   */
  private static Map<String, Boolean> scanComments(List<String> lines) {
    Map<String, Boolean> commented = new HashMap<>();
    Deque<String[]> scopes = new ArrayDeque<>();
    String previous = "";
    for (String raw : lines) {
      String line = raw.strip();
      boolean hasComment = previous.startsWith("//");
      Matcher block = BLOCK.matcher(line);
      Matcher rpc = RPC.matcher(line);
      if (block.find()) {
        commented.put(join(messagePath(scopes), block.group(2)), hasComment);
        // A one-line block such as "message ListLimitsRequest {}" opens no scope.
        if (line.indexOf('}', block.end()) < 0) {
          scopes.push(new String[] {block.group(1), block.group(2)});
        }
      } else if (rpc.find()) {
        commented.put(join(messagePath(scopes), rpc.group(1)), hasComment);
      } else if (line.startsWith("}")) {
        scopes.pop();
      } else if (!scopes.isEmpty() && !line.startsWith("//") && !line.startsWith("option")) {
        Matcher declaration = scopes.peek()[0].equals("enum")
            ? ENUM_VALUE.matcher(line)
            : FIELD.matcher(line);
        if (declaration.find()) {
          commented.put(join(messagePath(scopes), declaration.group(1)), hasComment);
        }
      }
      if (!line.isEmpty()) {
        previous = line;
      }
    }
    return commented;
  }

  /** Returns the dotted path of the enclosing scopes, skipping oneofs. */
  private static String messagePath(Deque<String[]> scopes) {
    List<String> names = new ArrayList<>();
    scopes.descendingIterator().forEachRemaining(scope -> {
      if (!scope[0].equals("oneof")) {
        names.add(scope[1]);
      }
    });
    return String.join(".", names);
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private String relativeName(String fullName) {
    return fullName.substring(file.getPackage().length() + 1);
  }

  private List<Descriptor> allMessages() {
    List<Descriptor> messages = new ArrayList<>();
    Deque<Descriptor> pending = new ArrayDeque<>(file.getMessageTypes());
    while (!pending.isEmpty()) {
      Descriptor message = pending.pop();
      messages.add(message);
      pending.addAll(message.getNestedTypes());
    }
    return messages;
  }

  /** Turns "ApprovalState" into "APPROVAL_STATE". */
  private static String screamingSnake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
  }
}

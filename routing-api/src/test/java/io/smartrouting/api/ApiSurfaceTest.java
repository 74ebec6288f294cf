package io.smartrouting.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** routing-api is what vendors compile against: no third-party type may leak into its public signatures. */
class ApiSurfaceTest {

  private static final List<String> FORBIDDEN = List.of("com.google.", "com.github.benmanes.", "org.slf4j.");

  private static List<Class<?>> apiClasses() throws IOException, ClassNotFoundException {
    Path root = Paths.get("target", "classes");
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String rel = root.relativize(p).toString();
        if (rel.endsWith(".class") && !rel.endsWith("package-info.class") && !rel.equals("module-info.class")) {
          out.add(Class.forName(rel.replace('/', '.').replace('\\', '.').replace(".class", "")));
        }
      }
    }
    return out;
  }

  @Test
  void publicSignaturesUseOnlyJdkAndSdkTypes() throws Exception {
    List<Class<?>> classes = apiClasses();
    assertThat(classes).hasSizeGreaterThan(15);
    List<String> leaks = new ArrayList<>();
    for (Class<?> c : classes) {
      if (!Modifier.isPublic(c.getModifiers())) {
        continue;
      }
      check(c.getName(), c.getGenericSuperclass(), leaks);
      for (Type t : c.getGenericInterfaces()) {
        check(c.getName(), t, leaks);
      }
      for (Method m : c.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers())) {
          checkExecutable(c, m, leaks);
          check(c.getName() + "." + m.getName(), m.getGenericReturnType(), leaks);
        }
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (Modifier.isPublic(k.getModifiers())) {
          checkExecutable(c, k, leaks);
        }
      }
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isPublic(f.getModifiers())) {
          check(c.getName() + "." + f.getName(), f.getGenericType(), leaks);
        }
      }
    }
    assertThat(leaks).isEmpty();
  }

  private static void checkExecutable(Class<?> c, Executable e, List<String> leaks) {
    for (Type t : e.getGenericParameterTypes()) {
      check(c.getName() + "." + e.getName(), t, leaks);
    }
    for (Type t : e.getGenericExceptionTypes()) {
      check(c.getName() + "." + e.getName(), t, leaks);
    }
  }

  private static void check(String where, Type t, List<String> leaks) {
    if (t == null) {
      return;
    }
    String name = t.getTypeName();
    for (String prefix : FORBIDDEN) {
      if (name.contains(prefix)) {
        leaks.add(where + " exposes " + name);
      }
    }
  }
}

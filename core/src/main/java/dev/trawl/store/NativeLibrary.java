package dev.trawl.store;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Binds C functions of one library with the JDK's foreign function API ({@code
 * Linker.nativeLinker().downcallHandle(...)}), looked up by reflection: trawl's bytecode targets
 * JDK 21, where the API is a preview. Used only where {@link #usable()} says so. Thread-safe: all
 * it holds is fixed when it is made.
 */
final class NativeLibrary {
  final Api segment = Api.of("MemorySegment");
  final Api layout = Api.of("MemoryLayout");
  final Api option = Api.of("Linker$Option");
  final Object address;
  final Object int32;
  final Object int64;
  private final Object linker;
  private final Object symbols;
  private final MethodHandle find;
  private final MethodHandle downcall;
  private final MethodHandle returning;
  private final MethodHandle returningVoid;
  // critical: a short call that may read and write Java arrays in place, with no copies
  private final Object heapAccess;

  /**
   * True on Linux, on JDK 22 or later (the API is final there), when native access is granted (the
   * jar's manifest grants it), so the JDK never prints its restricted-method warning.
   */
  static boolean usable() {
    return Runtime.version().feature() >= 22
        && System.getProperty("os.name", "").toLowerCase(Locale.ROOT).equals("linux")
        && nativeAccessEnabled();
  }

  private static boolean nativeAccessEnabled() {
    try {
      return (boolean)
          Module.class.getMethod("isNativeAccessEnabled").invoke(NativeLibrary.class.getModule());
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /**
   * The C library, loaded once per process and shared by its users ({@link FileSystemSync}, {@link
   * UnnamedFiles}); null where {@link #usable()} says no or it cannot be loaded.
   */
  static NativeLibrary libc() {
    return Libc.LIBRARY;
  }

  private static final class Libc {
    static final NativeLibrary LIBRARY = load();

    private static NativeLibrary load() {
      if (!usable()) {
        return null;
      }
      try {
        return new NativeLibrary("libc.so.6");
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        return null;
      }
    }
  }

  /**
   * @param library a file name the dynamic linker finds, such as {@code libc.so.6}
   */
  NativeLibrary(String library) throws Throwable {
    Api linkerApi = Api.of("Linker");
    Api lookupApi = Api.of("SymbolLookup");
    Api arenaApi = Api.of("Arena");
    Api descriptor = Api.of("FunctionDescriptor");
    Class<?> values = Class.forName("java.lang.foreign.ValueLayout");
    address = values.getField("ADDRESS").get(null);
    int32 = values.getField("JAVA_INT").get(null);
    int64 = values.getField("JAVA_LONG").get(null);
    linker = linkerApi.findStatic("nativeLinker").invoke();
    Object arena = arenaApi.findStatic("global").invoke();
    symbols =
        lookupApi.findStatic("libraryLookup", String.class, arenaApi.type()).invoke(library, arena);
    find = lookupApi.findVirtual("find", String.class);
    downcall =
        linkerApi.findVirtual(
            "downcallHandle", segment.type(), descriptor.type(), option.type().arrayType());
    returning = descriptor.findStatic("of", layout.type(), layout.type().arrayType());
    returningVoid = descriptor.findStatic("ofVoid", layout.type().arrayType());
    heapAccess = array(option, option.findStatic("critical", boolean.class).invoke(true));
  }

  /**
   * The C function {@code name}; {@code returns} null for void. {@code inPlace} functions may be
   * passed Java arrays ({@code MemorySegment.ofArray}) and must be short: no safepoint runs while
   * they do.
   */
  MethodHandle function(String name, Object returns, boolean inPlace, Object... params)
      throws Throwable {
    return functionWith(inPlace ? heapAccess : array(option), name, returns, params);
  }

  /**
   * The C function {@code name}, linked with {@code options} (an array of {@code Linker.Option},
   * see {@link #options}).
   */
  MethodHandle functionWith(Object options, String name, Object returns, Object... params)
      throws Throwable {
    Object symbol =
        ((Optional<?>) find.invoke(symbols, name))
            .orElseThrow(() -> new IllegalArgumentException("no symbol " + name));
    Object args = array(layout, params);
    Object signature =
        returns == null ? returningVoid.invoke(args) : returning.invoke(returns, args);
    return erased((MethodHandle) downcall.invoke(linker, symbol, signature, options));
  }

  /**
   * Linker options: {@code errno} captured into a segment the handle takes as its first argument
   * (laid out as {@code Linker.Option.captureStateLayout()}), and, from {@code firstVariadic} on (a
   * negative value: none), the arguments of a variadic function such as {@code open(2)}.
   */
  Object options(boolean errno, int firstVariadic) throws Throwable {
    List<Object> chosen = new ArrayList<>();
    if (errno) {
      chosen.add(
          option.findStatic("captureCallState", String[].class).invoke(new String[] {"errno"}));
    }
    if (firstVariadic >= 0) {
      chosen.add(option.findStatic("firstVariadicArg", int.class).invoke(firstVariadic));
    }
    return array(option, chosen.toArray());
  }

  private static Object array(Api of, Object... items) {
    Object array = Array.newInstance(of.type(), items.length);
    for (int i = 0; i < items.length; i++) {
      Array.set(array, i, items[i]);
    }
    return array;
  }

  /** The handle with every reference type seen as Object, so call sites can invokeExact. */
  static MethodHandle erased(MethodHandle h) {
    return h.asType(h.type().erase());
  }

  /** One type of the foreign function API, looked up by name. */
  record Api(Class<?> type) {
    static Api of(String name) throws ClassNotFoundException {
      return new Api(Class.forName("java.lang.foreign." + name));
    }

    MethodHandle findStatic(String name, Class<?>... params) throws ReflectiveOperationException {
      return erased(
          MethodHandles.lookup()
              .findStatic(type, name, MethodType.methodType(returns(name, params), params))
              .asFixedArity());
    }

    MethodHandle findVirtual(String name, Class<?>... params) throws ReflectiveOperationException {
      return erased(
          MethodHandles.lookup()
              .findVirtual(type, name, MethodType.methodType(returns(name, params), params))
              .asFixedArity());
    }

    private Class<?> returns(String name, Class<?>... params) throws NoSuchMethodException {
      return (params.length == 0 ? type.getMethod(name) : type.getMethod(name, params))
          .getReturnType();
    }
  }
}

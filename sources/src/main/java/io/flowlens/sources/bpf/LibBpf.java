package io.flowlens.sources.bpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * Raw downcalls into the OS's libbpf.so.1 (Debian's libbpf1 is 1.1): only the functions flowlens uses,
 * hand-written because there is no maintained Java binding. No logic here; see {@link BpfObject} and friends.
 * Functions returning pointers report failure as NULL + errno; the others return -errno.
 */
final class LibBpf {
    private LibBpf() {}

    private static final SymbolLookup LIB = load();

    private static SymbolLookup load() {
        try {
            return SymbolLookup.libraryLookup("libbpf.so.1", Arena.global());
        } catch (IllegalArgumentException e) {
            throw new BpfException("loading libbpf.so.1 (install Debian's libbpf1 package)", 2);
        }
    }

    /** The library's symbols, for bindings that live elsewhere ({@link LibBpfLog}). */
    static SymbolLookup lookup() {
        return LIB;
    }

    private static MethodHandle fn(String name, FunctionDescriptor fd) {
        return Native.downcall(LIB, name, fd, true);
    }

    // struct bpf_object *bpf_object__open_mem(const void *buf, size_t sz, const struct bpf_object_open_opts *opts)
    static final MethodHandle OBJECT_OPEN_MEM = fn("bpf_object__open_mem",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    static final MethodHandle OBJECT_LOAD = fn("bpf_object__load", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle OBJECT_CLOSE = fn("bpf_object__close", FunctionDescriptor.ofVoid(ADDRESS));
    static final MethodHandle OBJECT_FIND_PROGRAM = fn("bpf_object__find_program_by_name",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle OBJECT_FIND_MAP = fn("bpf_object__find_map_by_name",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle PROGRAM_FD = fn("bpf_program__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle PROGRAM_SET_AUTOLOAD = fn("bpf_program__set_autoload",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BOOLEAN));
    static final MethodHandle PROGRAM_ATTACH_TRACEPOINT = fn("bpf_program__attach_tracepoint",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle LINK_DESTROY = fn("bpf_link__destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle MAP_FD = fn("bpf_map__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // void *bpf_map__initial_value(struct bpf_map *map, size_t *psize)
    static final MethodHandle MAP_INITIAL_VALUE = fn("bpf_map__initial_value",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle MAP_SET_MAX_ENTRIES = fn("bpf_map__set_max_entries",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle MAP_LOOKUP_ELEM = fn("bpf_map_lookup_elem",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle NUM_POSSIBLE_CPUS = fn("libbpf_num_possible_cpus", FunctionDescriptor.of(JAVA_INT));
    // int bpf_link_create(int prog_fd, int target_fd, enum bpf_attach_type type, const struct bpf_link_create_opts *opts)
    static final MethodHandle LINK_CREATE = fn("bpf_link_create",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    static final MethodHandle TC_HOOK_CREATE = fn("bpf_tc_hook_create", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle TC_ATTACH = fn("bpf_tc_attach", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle TC_DETACH = fn("bpf_tc_detach", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle TC_QUERY = fn("bpf_tc_query", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    // int bpf_prog_test_run_opts(int prog_fd, struct bpf_test_run_opts *opts)
    static final MethodHandle PROG_TEST_RUN = fn("bpf_prog_test_run_opts",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
}

package io.drover.bench;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import io.drover.delta.DeltaEncoder;
import io.drover.delta.DeltaFormat;
import io.drover.delta.DeltaPatch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.tukaani.xz.FinishableWrapperOutputStream;
import org.tukaani.xz.LZMA2InputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Delta size for realistic firmware pairs, side by side in one run: the full image (plain and xz -9), plain bsdiff
 * (Debian's {@code bsdiff}, if installed), zstd's patch-from (zstd-jni at level 19 with the base as a raw-content
 * dictionary and a window over base and result; and the {@code zstd --patch-from} command, if installed), and
 * Drover's delta, which every row also applies and checks byte for byte.
 *
 * <p>Usage: {@code ./drover bench delta [NAME=BASE,TARGET ...]}. Without pairs it builds its own with gcc: a C
 * program of 400 functions, compiled twice with one function's body changed, linked dynamically and statically, and
 * the same with a function added in the middle (every later address moves). Pairs given on the command line are
 * measured too, e.g. two releases of a shared library.
 */
public final class DeltaSizes {
    private static final int FUNCTIONS = 400;

    private DeltaSizes() {
    }

    public static void main(String[] args) throws Exception {
        List<Pair> pairs = new ArrayList<>();
        for (String arg : args) {
            String[] nameAndFiles = arg.split("=", 2);
            String[] files = nameAndFiles.length == 2 ? nameAndFiles[1].split(",", 2) : new String[0];
            if (files.length != 2) {
                System.err.println("usage: ./drover bench delta [NAME=BASE,TARGET ...]");
                System.exit(2);
            }
            pairs.add(new Pair(nameAndFiles[0], Files.readAllBytes(Path.of(files[0])),
                    Files.readAllBytes(Path.of(files[1]))));
        }
        if (args.length == 0) {
            pairs.addAll(compiledPairs());
        }
        System.out.println("delta sizes, " + Instant.now() + "; " + BenchMachine.describe());
        System.out.println("bsdiff: " + version("bsdiff") + "; zstd: " + version("zstd", "--version"));
        System.out.println();
        System.out.println("| pair | image | xz -9 of image | bsdiff | zstd-jni patch-from -19 | zstd --patch-from -19"
                + " | Drover (1 MiB dictionary) | Drover (8 MiB dictionary) | Drover / bsdiff | Drover / image |"
                + " Drover make / apply |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Pair pair : pairs) {
            row(pair);
        }
        System.out.println();
        System.out.println("memory to apply, for the largest pair's result: bsdiff's bspatch holds base and result"
                + " whole; zstd patch-from needs a window over base and result; Drover holds at most "
                + (DeltaFormat.MAX_DICTIONARY_BYTES >> 10) + " KiB of dictionary plus about 200 KiB of buffers and"
                + " decoder state, streaming the result out");
    }

    private static void row(Pair pair) throws Exception {
        long started = System.nanoTime();
        byte[] drover = drover(pair);
        long made = System.nanoTime();
        byte[] applied = apply(pair.base, drover);
        long appliedAt = System.nanoTime();
        if (!Arrays.equals(applied, pair.target)) {
            throw new IllegalStateException(pair.name + ": Drover's delta did not give the target back");
        }
        long bsdiff = bsdiff(pair);
        long drover8 = largeDictionary(pair, drover);
        System.out.printf("| %s | %,d | %,d | %s | %,d | %s | %,d | %,d | %s | %.4f | %.2f s / %.3f s |%n", pair.name,
                pair.target.length, xz(pair.target), bsdiff < 0 ? "n/a" : String.format("%,d", bsdiff),
                zstdJni(pair), orNa(zstdCommand(pair)), drover.length, drover8,
                bsdiff <= 0 ? "n/a" : String.format("%.4f", (double) drover.length / bsdiff),
                (double) drover.length / pair.target.length, (made - started) / 1e9, (appliedAt - made) / 1e9);
    }

    private static byte[] drover(Pair pair) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DeltaEncoder.create(pair.base, pair.target, out);
        return out.toByteArray();
    }

    /**
     * The same records with an 8 MiB dictionary: what a larger dictionary would buy. The record stream is recovered
     * from Drover's delta and compressed again with the encoder's settings, so only the dictionary differs.
     */
    private static long largeDictionary(Pair pair, byte[] delta) throws IOException {
        byte[] records;
        try (InputStream lzma2 = new LZMA2InputStream(new ByteArrayInputStream(delta, DeltaFormat.HEADER_BYTES,
                delta.length - DeltaFormat.HEADER_BYTES), DeltaFormat.dictionaryBytes(pair.target.length))) {
            records = lzma2.readAllBytes();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream lzma2 = DeltaEncoder.compression(8 << 20)
                .getOutputStream(new FinishableWrapperOutputStream(out))) {
            lzma2.write(records);
        }
        return DeltaFormat.HEADER_BYTES + out.size();
    }

    private static byte[] apply(byte[] base, byte[] delta) throws IOException {
        Path file = Files.createTempFile("drover-bench-base", ".img");
        try {
            Files.write(file, base);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ)) {
                DeltaPatch.open(new ByteArrayInputStream(delta)).applyTo(channel, out);
            }
            return out.toByteArray();
        } finally {
            Files.delete(file);
        }
    }

    private static long xz(byte[] image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream xz = new XZOutputStream(out, new LZMA2Options(LZMA2Options.PRESET_MAX))) {
            xz.write(image);
        }
        return out.size();
    }

    /** zstd at level 19 with the base as its raw-content dictionary, checked by decompressing. */
    private static long zstdJni(Pair pair) {
        int windowLog = Math.max(10, 64 - Long.numberOfLeadingZeros(pair.base.length + (long) pair.target.length));
        byte[] patch;
        try (ZstdCompressCtx compress = new ZstdCompressCtx()) {
            compress.setLevel(19);
            compress.setWindowLog(windowLog);
            compress.setLong(windowLog);
            compress.loadDict(pair.base);
            patch = compress.compress(pair.target);
        }
        try (ZstdDecompressCtx decompress = new ZstdDecompressCtx()) {
            decompress.setLongMax(windowLog);
            decompress.loadDict(pair.base);
            if (!Arrays.equals(decompress.decompress(patch, pair.target.length), pair.target)) {
                throw new IllegalStateException(pair.name + ": zstd's patch did not give the target back");
            }
        }
        return patch.length;
    }

    /** Debian's bsdiff, checked with its bspatch; -1 when it is not installed. */
    private static long bsdiff(Pair pair) throws Exception {
        if (!onPath("bsdiff")) {
            return -1;
        }
        Path dir = Files.createTempDirectory("drover-bench-bsdiff");
        try {
            Path base = Files.write(dir.resolve("base"), pair.base);
            Path target = Files.write(dir.resolve("target"), pair.target);
            run(dir, "bsdiff", base.toString(), target.toString(), "patch");
            run(dir, "bspatch", base.toString(), "check", "patch");
            if (!Arrays.equals(Files.readAllBytes(dir.resolve("check")), pair.target)) {
                throw new IllegalStateException(pair.name + ": bspatch did not give the target back");
            }
            return Files.size(dir.resolve("patch"));
        } finally {
            deleteTree(dir);
        }
    }

    /** {@code zstd --patch-from -19 --long}; -1 when zstd is not installed. */
    private static long zstdCommand(Pair pair) throws Exception {
        if (!onPath("zstd")) {
            return -1;
        }
        Path dir = Files.createTempDirectory("drover-bench-zstd");
        try {
            Path base = Files.write(dir.resolve("base"), pair.base);
            Path target = Files.write(dir.resolve("target"), pair.target);
            int windowLog = Math.max(10, 64 - Long.numberOfLeadingZeros(pair.base.length + (long) pair.target.length));
            run(dir, "zstd", "-q", "-19", "--long=" + windowLog, "--patch-from=" + base, target.toString(), "-o",
                    "patch");
            return Files.size(dir.resolve("patch"));
        } finally {
            deleteTree(dir);
        }
    }

    /** The default pairs: the same generated C program before and after a change, compiled by gcc. */
    private static List<Pair> compiledPairs() throws Exception {
        if (!onPath("gcc")) {
            System.err.println("gcc not found: give pairs as NAME=BASE,TARGET");
            System.exit(2);
        }
        Path dir = Files.createTempDirectory("drover-bench-firmware");
        try {
            Files.writeString(dir.resolve("v1.c"), program(-1, false));
            Files.writeString(dir.resolve("v2.c"), program(FUNCTIONS / 2, false));
            Files.writeString(dir.resolve("v3.c"), program(-1, true));
            List<Pair> pairs = new ArrayList<>();
            for (boolean linkedStatically : new boolean[] {false, true}) {
                String linking = linkedStatically ? "static" : "dynamic";
                byte[] v1 = compile(dir, "v1", linkedStatically);
                pairs.add(new Pair("C program, " + linking + ", one function changed", v1,
                        compile(dir, "v2", linkedStatically)));
                pairs.add(new Pair("C program, " + linking + ", one function added in the middle", v1,
                        compile(dir, "v3", linkedStatically)));
            }
            return pairs;
        } finally {
            deleteTree(dir);
        }
    }

    private static byte[] compile(Path dir, String name, boolean linkedStatically) throws Exception {
        List<String> command = new ArrayList<>(List.of("gcc", "-O2", "-o", name, name + ".c"));
        if (linkedStatically) {
            command.add("-static");
        }
        run(dir, command.toArray(String[]::new));
        return Files.readAllBytes(dir.resolve(name));
    }

    /**
     * A program of {@link #FUNCTIONS} functions with arithmetic, branches, string constants and calls between them;
     * {@code changed} gets another body, and {@code added} puts one more function in the middle.
     */
    static String program(int changed, boolean added) {
        StringBuilder c = new StringBuilder("#include <stdio.h>\n#include <string.h>\n");
        for (int i = 0; i < FUNCTIONS; i++) {
            if (added && i == FUNCTIONS / 2) {
                c.append("int extra(int x) { for (int i = 0; i < x; i++) { x ^= i * 7919; } return x; }\n");
            }
            c.append("int f").append(i).append("(int x) {\n");
            c.append("  static const char name[] = \"function ").append(i).append(" of the firmware\";\n");
            c.append("  int y = x * ").append(i * 31 + 7).append(" + (int) strlen(name);\n");
            c.append("  if (y % ").append(i % 13 + 2).append(" == 0) { y += printf(\"%s %d\\n\", name, y); }\n");
            if (i == changed) {
                c.append("  for (int k = 0; k < 3; k++) { y = y * 5 + k; if (y < 0) { y = -y; } }\n");
            }
            if (i > 0) {
                c.append("  y += f").append(i - 1).append("(x - 1);\n");
            }
            c.append("  return y;\n}\n");
        }
        c.append("int main(int argc, char **argv) { (void) argv; return f").append(FUNCTIONS - 1).append("(argc)")
                .append(added ? " + extra(argc)" : "").append(" & 0x7f; }\n");
        return c.toString();
    }

    private static void run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String version(String... command) {
        if (!onPath(command[0])) {
            return "not installed";
        }
        try {
            Process process = new ProcessBuilder(command.length > 1 ? command : new String[] {"dpkg-query", "-W",
                    "-f=${Version}", command[0]}).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes()).strip();
            process.waitFor();
            return out.lines().findFirst().orElse("?");
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }

    private static String orNa(long value) {
        return value < 0 ? "n/a" : String.format("%,d", value);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private record Pair(String name, byte[] base, byte[] target) {}
}

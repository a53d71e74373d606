package com.velure.deploycheck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The repository, the build's scratch folder and the command-line tools the checks run. */
final class Tools {

    static final Path ROOT = Path.of(System.getProperty("velure.root", "..")).toAbsolutePath().normalize();
    static final Path WORK = Path.of(System.getProperty("velure.work", "target/deploy-check")).toAbsolutePath();

    private Tools() {
    }

    /** An executable on PATH, if there is one. */
    static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The kustomize command: kubectl's built-in one, or a standalone kustomize. The overlays read
     * server-config/ from outside their folder, hence LoadRestrictionsNone (k8s/README.md).
     */
    static Optional<List<String>> kustomize() {
        Optional<Path> kubectl = onPath("kubectl");
        if (kubectl.isPresent()) {
            return Optional.of(List.of(kubectl.get().toString(), "kustomize", "--load-restrictor", "LoadRestrictionsNone"));
        }
        return onPath("kustomize").map(k -> List.of(k.toString(), "build", "--load-restrictor", "LoadRestrictionsNone"));
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        Path out = Files.createTempFile(WORK, "out", ".txt");
        Process process = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 120 s");
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        return new Result(process.exitValue(), output);
    }

    static List<String> command(List<String> base, String... more) {
        List<String> command = new ArrayList<>(base);
        command.addAll(List.of(more));
        return command;
    }

    record Result(int exitCode, String output) {
    }
}

package dev.muninn.kubelet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a container as a process: its own session (so the whole process tree can be signalled), its own mount
 * namespace with the pod's volumes bind-mounted at their mount paths, its own UTS namespace with the pod's host
 * name, stdout and stderr appended to the container's log file.
 */
final class ContainerLauncher {
    private ContainerLauncher() {
    }

    static Process start(List<String> command, Map<String, String> env, List<PodVolumes.Mount> mounts,
                         String workingDir, String hostname, Path logFile) throws IOException {
        StringBuilder script = new StringBuilder("set -e\n");
        script.append("hostname ").append(quote(hostname)).append('\n');
        for (PodVolumes.Mount mount : mounts) {
            String target = quote(mount.target());
            if (Files.isDirectory(mount.source())) {
                script.append("mkdir -p ").append(target).append('\n');
            } else {
                script.append("mkdir -p \"$(dirname ").append(target).append(")\"; [ -e ").append(target)
                        .append(" ] || touch ").append(target).append('\n');
            }
            script.append("mount --bind ").append(quote(mount.source().toString())).append(' ').append(target).append('\n');
            if (mount.readOnly()) {
                script.append("mount -o remount,bind,ro ").append(target).append('\n');
            }
        }
        script.append("mkdir -p ").append(quote(workingDir)).append(" && cd ").append(quote(workingDir)).append('\n');
        script.append("exec \"$@\"\n");

        List<String> line = new ArrayList<>(List.of("setsid", "unshare", "--mount", "--uts", "--propagation", "private",
                "--", "/bin/sh", "-c", script.toString(), "container"));
        line.addAll(command);
        Files.createDirectories(logFile.getParent());
        ProcessBuilder builder = new ProcessBuilder(line)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(env);
        return builder.start();
    }

    /** SIGTERM (or SIGKILL) to the container's process and everything it started. */
    static void signal(Process process, boolean kill) {
        ProcessHandle handle = process.toHandle();
        handle.descendants().forEach(child -> {
            if (kill) {
                child.destroyForcibly();
            } else {
                child.destroy();
            }
        });
        if (kill) {
            handle.destroyForcibly();
        } else {
            handle.destroy();
        }
    }

    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}

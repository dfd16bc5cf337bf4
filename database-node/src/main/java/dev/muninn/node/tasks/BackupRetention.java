package dev.muninn.node.tasks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which backups a retention policy ({@code MinimumBackupAgeToKeep}) lets go: whole chains (a full backup or snapshot
 * and the incrementals after it) whose newest file is older than the age. The newest chain is always kept, however
 * old: retention never leaves a database without a backup to restore.
 */
public final class BackupRetention {
    private BackupRetention() {
    }

    public static List<String> expired(List<String> names, Instant now, Duration minimumAge) {
        List<List<String>> chains = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String name : names.stream().filter(BackupFiles::isBackup).sorted().toList()) {
            if (BackupFiles.startsAChain(name) && !current.isEmpty()) {
                chains.add(current);
                current = new ArrayList<>();
            }
            current.add(name);
        }
        if (!current.isEmpty()) {
            chains.add(current);
        }
        Instant cutoff = now.minus(minimumAge);
        List<String> expired = new ArrayList<>();
        for (int i = 0; i < chains.size() - 1; i++) {
            List<String> chain = chains.get(i);
            if (BackupFiles.takenAt(chain.get(chain.size() - 1)).isBefore(cutoff)) {
                expired.addAll(chain);
            }
        }
        return expired;
    }
}

package dev.muninn.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How a one-time backup went: what it wrote and where. */
public class MuninnBackupStatus extends OperationStatus {
    @JsonPropertyDescription("The backup file's name (restore up to it with a MuninnRestore's lastFileNameToRestore).")
    private String fileName;

    @JsonPropertyDescription("Where the file is: the node's folder, or the S3 bucket and folder.")
    private String location;

    @JsonPropertyDescription("The file's size in bytes.")
    private Long sizeBytes;

    @JsonPropertyDescription("Documents written to it.")
    private Long documents;

    @JsonPropertyDescription("Seconds from start to completion.")
    private Double durationSeconds;

    public String getFileName() {
        return fileName;
    }

    public void setFileName(String fileName) {
        this.fileName = fileName;
    }

    public String getLocation() {
        return location;
    }

    public void setLocation(String location) {
        this.location = location;
    }

    public Long getSizeBytes() {
        return sizeBytes;
    }

    public void setSizeBytes(Long sizeBytes) {
        this.sizeBytes = sizeBytes;
    }

    public Long getDocuments() {
        return documents;
    }

    public void setDocuments(Long documents) {
        this.documents = documents;
    }

    public Double getDurationSeconds() {
        return durationSeconds;
    }

    public void setDurationSeconds(Double durationSeconds) {
        this.durationSeconds = durationSeconds;
    }
}

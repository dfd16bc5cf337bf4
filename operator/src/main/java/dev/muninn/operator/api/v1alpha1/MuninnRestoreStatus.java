package dev.muninn.operator.api.v1alpha1;

/** How a restore went. */
public class MuninnRestoreStatus extends OperationStatus {
    private Long documentsRestored;

    public Long getDocumentsRestored() {
        return documentsRestored;
    }

    public void setDocumentsRestored(Long documentsRestored) {
        this.documentsRestored = documentsRestored;
    }
}

package dev.muninn.node;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The layers of ARCHITECTURE.md, enforced: storage knows nothing of HTTP, cluster nothing of documents, documents
 * and storage nothing of replication.
 */
class LayeringTest {
    static final JavaClasses NODE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.muninn.node");

    @Test
    void storageIsPureStorage() {
        noClasses().that().resideInAPackage("..node.storage..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws..", "..node.http..",
                        "..node.documents..", "..node.cluster..", "com.fasterxml..")
                .check(NODE);
    }

    @Test
    void clusterKnowsNothingOfDocumentsOrHttp() {
        noClasses().that().resideInAPackage("..node.cluster..")
                .should().dependOnClassesThat().resideInAnyPackage("..node.documents..", "..node.http..",
                        "jakarta.ws..", "io.fabric8..")
                .check(NODE);
    }

    @Test
    void onlyHttpSpeaksHttp() {
        noClasses().that().resideOutsideOfPackages("..node.http..")
                .should().dependOnClassesThat().resideInAnyPackage("..node.http..", "jakarta.ws..")
                .check(NODE);
    }

    /**
     * Replication is built on documents and storage, never the other way round: its wire format, sender and receiver
     * live in replication (ADR 0028), and documents offers it generic reads and writes only.
     */
    @Test
    void documentsAndStorageKnowNothingOfReplication() {
        noClasses().that().resideInAnyPackage("..node.documents..", "..node.storage..")
                .should().dependOnClassesThat().resideInAPackage("..node.replication..")
                .check(NODE);
    }

    @Test
    void scriptAndQueryArePure() {
        noClasses().that().resideInAnyPackage("..node.script..", "..node.documents.query..")
                .should().dependOnClassesThat().resideInAnyPackage("..node.storage..", "..node.http..",
                        "..node.cluster..", "jakarta..")
                .check(NODE);
    }
}

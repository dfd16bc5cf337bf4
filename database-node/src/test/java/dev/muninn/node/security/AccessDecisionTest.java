package dev.muninn.node.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class AccessDecisionTest {
    private static final Identity READER = new Identity(SecurityClearance.ValidUser, "AB", "reader",
            Map.of("shop", DatabaseAccess.Read));
    private static final Identity SHOP_ADMIN = new Identity(SecurityClearance.ValidUser, "CD", "shop-admin",
            Map.of("shop", DatabaseAccess.Admin));
    private static final Identity OPERATOR = new Identity(SecurityClearance.Operator, "EF", "ops", Map.of());
    private static final Identity ADMIN = new Identity(SecurityClearance.ClusterAdmin, "01", "root", Map.of());

    @Test
    void aValidUserGetsItsDatabasesAtTheirAccessOnly() {
        assertThat(AccessDecision.refusal(READER, RequiredAccess.DatabaseRead, "Shop")).isEmpty();
        assertThat(AccessDecision.refusal(READER, RequiredAccess.DatabaseReadWrite, "shop")).get().asString()
                .contains("Could not authorize access to shop").contains("'reader' (AB)")
                .contains("ReadWrite access to the database is required");
        assertThat(AccessDecision.refusal(READER, RequiredAccess.DatabaseRead, "hr")).isPresent();
        assertThat(AccessDecision.refusal(SHOP_ADMIN, RequiredAccess.DatabaseAdmin, "shop")).isEmpty();
        assertThat(AccessDecision.refusal(SHOP_ADMIN, RequiredAccess.Operator, null)).get().asString()
                .contains("the server").contains("Operator/ClusterAdmin access is required");
        assertThat(AccessDecision.refusal(READER, RequiredAccess.ValidUser, null)).isEmpty();
    }

    @Test
    void anOperatorMayDoAllButTheClusterAdminsRoutes() {
        assertThat(AccessDecision.refusal(OPERATOR, RequiredAccess.DatabaseAdmin, "any")).isEmpty();
        assertThat(AccessDecision.refusal(OPERATOR, RequiredAccess.Operator, null)).isEmpty();
        assertThat(AccessDecision.refusal(OPERATOR, RequiredAccess.ClusterAdmin, null)).get().asString()
                .startsWith("Insufficient security clearance").contains("ClusterAdmin access is required");
        assertThat(AccessDecision.refusal(OPERATOR, RequiredAccess.ClusterNode, null)).isPresent();
        assertThat(AccessDecision.refusal(ADMIN, RequiredAccess.ClusterNode, null)).isEmpty();
    }

    @Test
    void withoutACertificateOnlyThePublicRoutesAnswer() {
        assertThat(AccessDecision.refusal(Identity.ANONYMOUS, RequiredAccess.Unauthenticated, null)).isEmpty();
        assertThat(AccessDecision.refusal(Identity.ANONYMOUS, RequiredAccess.ValidUser, null)).get().asString()
                .contains("none was provided");
    }
}

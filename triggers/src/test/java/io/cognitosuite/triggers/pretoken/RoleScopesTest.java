package io.cognitosuite.triggers.pretoken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoleScopesTest {

    @Test
    void parse_readsRolesAndTheirScopes() {
        RoleScopes scopes = RoleScopes.parse(" admin = api/admin  api/read ; user=api/read;");

        assertThat(scopes.scopesFor("admin")).containsExactly("api/admin", "api/read");
        assertThat(scopes.scopesFor("user")).containsExactly("api/read");
        assertThat(scopes.scopesFor("support")).isEmpty();
    }

    @Test
    void parse_emptyMeansNoScopes() {
        assertThat(RoleScopes.parse("").scopesFor("admin")).isEmpty();
        assertThat(RoleScopes.parse(null).scopesFor("admin")).isEmpty();
    }

    @Test
    void parse_namesTheBadPart() {
        assertThatThrownBy(() -> RoleScopes.parse("admin"))
                .hasMessageContaining("entry 'admin' must look like role=scope scope");
        assertThatThrownBy(() -> RoleScopes.parse("Admin=api/read"))
                .hasMessageContaining("role 'Admin'");
        assertThatThrownBy(() -> RoleScopes.parse("admin=api\"read"))
                .hasMessageContaining("scope 'api\"read' of role admin");
    }
}

package io.fastd.kernel.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.kernel.server.internal.admin.PidFile;
import org.junit.jupiter.api.Test;

class AdminEndpointTest {

    @Test
    void toStringNamesThePortAndHidesTheToken() {
        PidFile.AdminEndpoint endpoint = new PidFile.AdminEndpoint(40123, "s3cret-admin-token");

        assertThat(endpoint).hasToString("AdminEndpoint[127.0.0.1:40123, token=[REDACTED]]");
        assertThat(endpoint.token()).isEqualTo("s3cret-admin-token");
    }
}

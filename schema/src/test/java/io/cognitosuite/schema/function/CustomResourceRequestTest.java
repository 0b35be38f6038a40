package io.cognitosuite.schema.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomResourceRequestTest {
    private static final URI URL = URI.create("https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/x?X-Amz-Signature=secret-signature");

    @Test
    void read_takesTheFieldsTheResponseEchoes() throws Exception {
        CustomResourceRequest request = CustomResourceRequest.read(CustomResourceEvents.stream("Update", URL, "phys-1"));

        assertThat(request.requestType()).isEqualTo("Update");
        assertThat(request.responseUrl()).isEqualTo(URL);
        assertThat(request.stackId()).isEqualTo(CustomResourceEvents.STACK_ID);
        assertThat(request.requestId()).isEqualTo("req-update");
        assertThat(request.logicalResourceId()).isEqualTo("SchemaMigration");
        assertThat(request.physicalResourceId()).isEqualTo("phys-1");
    }

    @Test
    void read_refusesAnEventWithoutAResponseUrl() {
        Map<String, Object> event = new java.util.HashMap<>(CustomResourceEvents.request("Create", URL, null));
        event.remove("ResponseURL");

        assertThatThrownBy(() -> CustomResourceRequest.read(CustomResourceEvents.stream(event)))
                .isInstanceOf(MalformedCustomResourceRequestException.class)
                .hasMessageContaining("no ResponseURL");
    }

    @Test
    void read_refusesSomethingThatIsNotJsonOrNotHttp() {
        assertThatThrownBy(() -> CustomResourceRequest.read(new ByteArrayInputStream("{".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(MalformedCustomResourceRequestException.class);
        Map<String, Object> event = new java.util.HashMap<>(CustomResourceEvents.request("Create", URL, null));
        event.put("ResponseURL", "file:///etc/passwd");
        assertThatThrownBy(() -> CustomResourceRequest.read(CustomResourceEvents.stream(event)))
                .isInstanceOf(MalformedCustomResourceRequestException.class)
                .hasMessageContaining("not an http(s) URL");
    }

    @Test
    void toString_neverShowsThePreSignedUrl() throws Exception {
        CustomResourceRequest request = CustomResourceRequest.read(CustomResourceEvents.stream("Create", URL, null));

        assertThat(request.toString()).doesNotContain("secret-signature").doesNotContain("s3.amazonaws.com");
    }
}

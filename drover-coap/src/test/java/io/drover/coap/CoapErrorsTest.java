package io.drover.coap;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import io.drover.error.ErrorCode.Category;
import java.nio.charset.StandardCharsets;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.junit.jupiter.api.Test;

class CoapErrorsTest {
    private static final ErrorCode TAKEN = new ErrorCode("artifact.prefix-taken", Category.CONFLICT);
    private static final ErrorCode INVALID = new ErrorCode("report.invalid", Category.MALFORMED);

    @Test
    void answersTheCategorysCodeWithTheStableCodeAsDiagnostic() {
        Response response = CoapErrors.response(new DroverException(TAKEN, "taken"));

        assertThat(response.getCode()).isEqualTo(ResponseCode.CONFLICT);
        assertThat(response.getPayloadString()).isEqualTo("artifact.prefix-taken: taken");
        assertThat(response.getOptions().hasContentFormat()).isFalse();
    }

    @Test
    void answersTheTransportsOwnCodesMorePrecisely() {
        assertThat(CoapErrors.response(new DroverException(CoapErrors.UNSUPPORTED_CONTENT_FORMAT, "json")).getCode())
                .isEqualTo(ResponseCode.UNSUPPORTED_CONTENT_FORMAT);
        assertThat(CoapErrors.response(new DroverException(CoapErrors.INCOMPLETE_UPLOAD, "late")).getCode())
                .isEqualTo(ResponseCode.REQUEST_ENTITY_INCOMPLETE);
    }

    @Test
    void cutsALongDiagnosticToADatagramWithoutSplittingACharacter() {
        String message = "é".repeat(500);

        byte[] diagnostic = CoapErrors.response(new DroverException(INVALID, message)).getPayload();

        assertThat(diagnostic.length).isBetween(CoapErrors.MAX_DIAGNOSTIC_BYTES - 1, CoapErrors.MAX_DIAGNOSTIC_BYTES);
        String text = new String(diagnostic, StandardCharsets.UTF_8);
        assertThat(text).startsWith("report.invalid: é").doesNotContain("\uFFFD");
    }
}

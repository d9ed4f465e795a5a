package io.drover.server.coap;

import io.drover.coap.CoapErrors;
import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import java.util.regex.Pattern;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.interceptors.MessageInterceptor;

/**
 * Californium refuses some requests itself, before any resource sees them: an option it cannot parse or a critical
 * one it does not know (4.02), a block-wise upload too large (4.13) or out of order (4.08). This gives those answers
 * what every Drover refusal has, a diagnostic starting with a stable code ({@link CoapErrors#BAD_OPTION},
 * {@link CoapErrors#BODY_TOO_LARGE}, {@link CoapErrors#INCOMPLETE_UPLOAD}), and puts Size1, the largest body the node
 * takes, into every 4.13 (RFC 7959 §2.9.3): Californium sets it only when a device announced its upload's size, not
 * when an upload outgrows the limit block by block. Drover's own refusals already carry their code and pass as they are.
 */
final class StackRefusals implements MessageInterceptor {
    private static final Pattern LABELLED = Pattern.compile("^[a-z0-9]+(\\.[a-z0-9]+(-[a-z0-9]+)*)+: ");

    private final int maxBodyBytes;

    StackRefusals(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void sendResponse(Response response) {
        if (response.getCode() == ResponseCode.BAD_OPTION) {
            label(response, CoapErrors.BAD_OPTION);
        } else if (response.getCode() == ResponseCode.REQUEST_ENTITY_TOO_LARGE) {
            if (!response.getOptions().hasSize1()) {
                response.getOptions().setSize1(maxBodyBytes);
            }
            label(response, CoapErrors.BODY_TOO_LARGE);
        } else if (response.getCode() == ResponseCode.REQUEST_ENTITY_INCOMPLETE) {
            label(response, CoapErrors.INCOMPLETE_UPLOAD);
        }
    }

    private static void label(Response response, ErrorCode code) {
        String text = response.getPayloadString();
        if (!LABELLED.matcher(text).find()) {
            response.setPayload(CoapErrors.response(new DroverException(code, text)).getPayload());
        }
    }
}

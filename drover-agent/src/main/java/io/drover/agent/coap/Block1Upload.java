package io.drover.agent.coap;

import io.drover.agent.AgentErrors;
import io.drover.error.DroverException;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Supplier;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.option.BlockOption;

/**
 * Sends a request body that does not fit one block with Block1 (RFC 7959 §2.5), block after block, each
 * acknowledged by 2.31 Continue, following a server that asks for smaller blocks. A body that fits goes in one
 * request. (The agent's endpoints have Californium's block-wise mode off: see {@link Block2Stream}.)
 */
final class Block1Upload {
    private Block1Upload() {}

    /**
     * @param request a fresh POST or PUT with the resource's options, for each block
     * @return the server's final answer
     */
    static Response send(CoapLink link, Supplier<Request> request, String path, byte[] body, int blockSize)
            throws IOException, InterruptedException {
        if (body.length <= blockSize) {
            Request whole = link.request(request.get(), path);
            whole.setPayload(body);
            return link.send(whole);
        }
        int szx = BlockOption.size2Szx(blockSize);
        int offset = 0;
        while (true) {
            int size = BlockOption.szx2Size(szx);
            int end = Math.min(body.length, offset + size);
            boolean more = end < body.length;
            Request block = link.request(request.get(), path);
            block.getOptions().setBlock1(szx, more, offset / size).setSize1(body.length);
            block.setPayload(Arrays.copyOfRange(body, offset, end));
            Response response = link.send(block);
            if (!more) {
                return response;
            }
            BlockOption acknowledged = response.getOptions().getBlock1();
            if (response.getCode() != ResponseCode.CONTINUE || acknowledged == null) {
                throw new DroverException(AgentErrors.UNEXPECTED_RESPONSE, path + " answered block " + offset / size
                        + " of an upload with " + response.getCode() + ", not 2.31 Continue");
            }
            offset = end;
            szx = Math.min(szx, acknowledged.getSzx());
        }
    }
}

package io.drover.coap;

import io.drover.error.DroverException;
import io.drover.error.RangeErrors;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.OptionSet;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.option.BlockOption;

/**
 * Answers a GET with the one block of a body that the request's Block2 option asks for (RFC 7959 §2.4), read from
 * the body when asked; the server's CoAP resources and a gateway's answer alike. Nothing is kept between blocks, so
 * any block can be fetched directly, in any order, from any server node or gateway (a device resumes after a loss by
 * asking block N), and a large body is never held in memory.
 *
 * <p>The block size is the device's (its SZX, 16 to 1024 bytes), capped at the answerer's largest; a device asking for
 * larger blocks gets blocks of the cap with the number scaled so the offset is the one it asked for. Without a
 * Block2 option, block 0 of the largest size is sent, and a body that fits is sent whole with no Block2 option. The
 * first block of a body of several carries Size2, the body's size, as does any block of a request carrying Size2. A
 * block past the end is 4.02 (Bad Option), {@code artifact.range-not-satisfiable}.
 */
public final class Block2Reply {
    private final int maxSzx;

    /** @param maxBlockSize the largest block it sends, 16 to 1024 bytes */
    public Block2Reply(int maxBlockSize) {
        this.maxSzx = BlockOption.size2Szx(maxBlockSize);
    }

    /**
     * The block of {@code body} that {@code request} asks for.
     *
     * @throws DroverException {@link RangeErrors#NOT_SATISFIABLE} for a block past the end, {@link
     *     RangeErrors#BAD_RANGE} for one whose offset no block number of the capped size reaches
     */
    public Response answer(OptionSet request, BlockSource body, int contentFormat) {
        long size = body.size();
        BlockOption asked = request.getBlock2();
        int szx = asked == null ? maxSzx : Math.min(asked.getSzx(), maxSzx);
        int blockSize = BlockOption.szx2Size(szx);
        long offset = asked == null ? 0 : asked.getOffset();
        if (offset / blockSize > BlockOption.MAXIMUM_BLOCK_NUM) { // a device's large blocks, scaled down
            throw new DroverException(RangeErrors.BAD_RANGE, "byte " + offset + " is beyond the last block number "
                    + "of " + blockSize + "-byte blocks; ask for smaller offsets");
        }
        if (offset > 0 && offset >= size) {
            throw new DroverException(RangeErrors.NOT_SATISFIABLE, "block " + asked.getNum() + " of "
                    + asked.getSize() + " bytes starts at byte " + offset + ", past the end of the " + size
                    + "-byte body");
        }
        int length = (int) Math.min(blockSize, size - offset);
        Response response = new Response(ResponseCode.CONTENT);
        response.setPayload(body.read(offset, length));
        OptionSet options = response.getOptions();
        options.setContentFormat(contentFormat);
        boolean more = offset + length < size;
        if (asked != null || more) {
            options.setBlock2(szx, more, (int) (offset / blockSize));
        }
        if ((offset == 0 && more || request.hasSize2()) && size <= Integer.MAX_VALUE) {
            options.setSize2((int) size);
        }
        return response;
    }
}

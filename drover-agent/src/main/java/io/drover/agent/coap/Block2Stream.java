package io.drover.agent.coap;

import io.drover.agent.AgentErrors;
import io.drover.error.DroverException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;
import org.eclipse.californium.core.coap.OptionSet;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.option.BlockOption;

/**
 * A resource's body read block by block with Block2 (RFC 7959), one request per block as the reader needs it, so
 * only one block is ever in memory. Reading may start at any byte: the first request asks for the block holding it,
 * and the bytes before it in that block are skipped. Blocks are asked for in the size the reader chose (16 to 1024
 * bytes); a server that answers with smaller blocks (late negotiation) is followed. Requests carry Size2 until an
 * answer states the body's size. A body whose ETag changes between blocks fails with an {@link IOException}:
 * the bytes no longer belong together. So does an answer that is not the block asked for (a confused peer, or a
 * datagram damaged on the way): like a broken connection, it is worth another attempt from the same byte.
 *
 * <p>Californium's own block-wise mode assembles whole bodies in memory and starts at block 0, so the agent's
 * endpoints switch it off and read through here.
 */
final class Block2Stream extends InputStream {
    private final CoapLink link;
    private final Supplier<Request> request;
    private final String path;
    private int szx;
    /** The current block and where its first byte lies in the body. */
    private byte[] block = new byte[0];
    private long blockStart;
    private int index;
    private boolean more;
    private long start;
    private long total = -1;
    private byte[] etag;

    private Block2Stream(CoapLink link, Supplier<Request> request, String path, int szx) {
        this.link = link;
        this.request = request;
        this.path = path;
        this.szx = szx;
    }

    /**
     * Asks for the block holding byte {@code offset} of the body at {@code path}.
     *
     * @param request a fresh GET (or FETCH) with whatever options the resource needs, for each block
     * @param blockSize a power of two from 16 to 1024
     */
    static Block2Stream open(CoapLink link, Supplier<Request> request, String path, long offset, int blockSize)
            throws IOException, InterruptedException {
        Block2Stream stream = new Block2Stream(link, request, path, BlockOption.size2Szx(blockSize));
        stream.fetch(offset);
        if (stream.blockStart == 0 && stream.index == 0) {
            stream.start = 0;
        } else {
            stream.start = offset;
        }
        return stream;
    }

    /**
     * The first byte this stream delivers: the offset asked for, or 0 when the server sent the body from its start
     * (then the reader starts over).
     */
    long start() {
        return start;
    }

    /** The body's size as the server states it (Size2, or a body sent whole), -1 when it does not. */
    long total() {
        return total;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length == 0) {
            return 0;
        }
        if (index == block.length) {
            if (!more) {
                return -1;
            }
            try {
                fetch(blockStart + block.length);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading " + path);
            }
            if (index == block.length) {
                return -1;
            }
        }
        int n = Math.min(length, block.length - index);
        System.arraycopy(block, index, bytes, offset, n);
        index += n;
        return n;
    }

    /**
     * Asks for the block holding byte {@code position} and makes it the current one. A server that answers with
     * smaller blocks than asked may send one that ends before {@code position}: the block holding it is then asked for
     * in the server's size (at most once per smaller size).
     */
    private void fetch(long position) throws IOException, InterruptedException {
        int asked;
        do {
            asked = szx;
            receive(position);
        } while (szx < asked && blockStart <= position && position >= blockStart + block.length && more);
        if (blockStart > position || blockStart + block.length < position) {
            if (blockStart == 0) {
                index = 0; // The server starts over: so does the reader.
                return;
            }
            throw new IOException(path + " answered the block at byte " + blockStart + " when asked for byte "
                    + position);
        }
        index = (int) (position - blockStart);
    }

    private void receive(long position) throws IOException, InterruptedException {
        int size = BlockOption.szx2Size(szx);
        long num = position / size;
        if (num > BlockOption.MAXIMUM_BLOCK_NUM) {
            throw new DroverException(AgentErrors.UNEXPECTED_RESPONSE,
                    "byte " + position + " of " + path + " lies past the last block CoAP can number");
        }
        Request next = link.request(request.get(), path);
        next.getOptions().setBlock2(szx, false, (int) num);
        if (total < 0) {
            next.getOptions().setSize2(0); // Asked until an answer states the size, then never again.
        }
        Response response = link.send(next);
        OptionSet options = response.getOptions();
        checkEtag(options);
        if (options.hasSize2()) {
            total = options.getSize2();
        }
        block = response.getPayload() == null ? new byte[0] : response.getPayload();
        BlockOption answered = options.getBlock2();
        if (answered == null) {
            // The whole body in one answer, from its start.
            blockStart = 0;
            more = false;
            total = block.length;
            return;
        }
        szx = Math.min(szx, answered.getSzx());
        blockStart = answered.getOffset();
        more = answered.isM();
        if (more && block.length != answered.getSize()) {
            throw new IOException(path + " answered block " + answered.getNum() + " with " + block.length
                    + " bytes, not " + answered.getSize());
        }
    }

    private void checkEtag(OptionSet options) throws IOException {
        byte[] answered = options.getETagCount() == 0 ? null : options.getETags().getFirst().getValue();
        if (etag == null) {
            etag = answered;
        } else if (answered != null && !Arrays.equals(etag, answered)) {
            throw new IOException(path + " changed while it was read block by block");
        }
    }
}

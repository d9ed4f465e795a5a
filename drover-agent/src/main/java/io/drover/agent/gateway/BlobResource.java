package io.drover.agent.gateway;

import io.drover.agent.transport.DigestResource;
import io.drover.coap.Block2Reply;
import io.drover.coap.BlockSource;
import io.drover.coap.CoapErrors;
import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.californium.core.CoapExchange;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.OptionSet;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.option.BlockOption;
import org.eclipse.californium.core.coap.option.StringOption;
import org.eclipse.californium.core.server.resources.Resource;

/**
 * {@code GET /a/<name>} or {@code GET /e/<name>}, the name a SHA-256 or its first 16 or more hex digits (as the
 * server's check-in names artifacts over CoAP): a cached artifact or envelope ({@link BlobKind}) block by block
 * (RFC 7959 Block2), answered by the {@link Block2Reply} of the server's own CoAP resources: any block in any order
 * (a device resumes at the block of its first missing byte), in the device's block size up to 1024 bytes, Size2 on
 * block 0 and whenever asked, 4.02 (Bad Option) for a block past the end. A request that starts a transfer (block 0)
 * has the file hashed again before it is served.
 *
 * <p>On a miss the request is acknowledged at once and answered when the fetch from the server ends (a separate
 * response, RFC 7252 §5.2.2), or with 5.03 (Service Unavailable) and Max-Age after the gateway's fetch wait, for the
 * device to come back while the fetch goes on. A name that names nothing, or what the server does not have (or has
 * more than one of, for a prefix), is 4.04 with a diagnostic.
 */
final class BlobResource extends CoapResource {
    /** Blocks of the device's size, up to the largest CoAP has. */
    private static final Block2Reply BLOCKS = new Block2Reply(1024);
    private static final int RETRY_AFTER_SECONDS = 2;

    private final BlobKind kind;
    private final BlobCache cache;
    private final Duration fetchWait;

    BlobResource(BlobKind kind, BlobCache cache, Duration fetchWait) {
        super(kind.resource());
        this.kind = kind;
        this.cache = cache;
        this.fetchWait = fetchWait;
    }

    /** Every name below {@code /<kind>} is this resource; the handler checks the path. */
    @Override
    public Resource getChild(String name) {
        return this;
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        List<StringOption> path = exchange.getRequestOptions().getUriPath();
        if (path.size() != 2 || !DigestResource.isName(path.get(1).getStringValue())) {
            exchange.respond(error(ResponseCode.NOT_FOUND, "request.not-found: /"
                    + exchange.getRequestOptions().getUriPathString() + " names no " + kind.noun() + ": /"
                    + kind.resource() + "/ and its SHA-256 or the first 16 or more of its 64 lowercase hex digits"));
            return;
        }
        OptionSet request = exchange.getRequestOptions();
        BlockOption asked = request.getBlock2();
        boolean startsTransfer = asked == null || asked.getNum() == 0;
        CompletableFuture<BlobCache.Cached> blob = cache.get(kind, path.get(1).getStringValue(), startsTransfer);
        if (!blob.isDone()) {
            exchange.accept();
        }
        blob.copy().orTimeout(fetchWait.toMillis(), TimeUnit.MILLISECONDS).whenComplete((cached, error) -> {
            if (error == null) {
                exchange.respond(block(request, cached));
            } else {
                exchange.respond(failure(error instanceof CompletionException ? error.getCause() : error));
            }
        });
    }

    private Response block(OptionSet request, BlobCache.Cached blob) {
        try {
            return BLOCKS.answer(request, new BlockSource() {
                @Override
                public long size() {
                    return blob.size();
                }

                @Override
                public byte[] read(long offset, int length) {
                    try {
                        return cache.read(blob, offset, length);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }, kind.contentFormat());
        } catch (DroverException e) {
            return CoapErrors.response(e);
        } catch (UncheckedIOException e) {
            // Evicted or damaged meanwhile: the next request fetches it again.
            cache.invalidate(blob);
            return retryLater("gateway.cache-read-failed: " + e.getCause().getMessage());
        }
    }

    private Response failure(Throwable error) {
        if (error instanceof TimeoutException) {
            return retryLater("gateway.fetching: the gateway is still fetching the " + kind.noun()
                    + " from the server");
        }
        if (error instanceof DroverException drover) {
            ErrorCode code = drover.errorCode();
            if (code.category() == ErrorCode.Category.NOT_FOUND) {
                return error(ResponseCode.NOT_FOUND, code.code() + ": " + drover.getMessage());
            }
            return retryLater(code.code() + ": " + drover.getMessage());
        }
        return retryLater("gateway.fetch-failed: " + error);
    }

    private static Response retryLater(String diagnostic) {
        Response response = error(ResponseCode.SERVICE_UNAVAILABLE, diagnostic);
        response.getOptions().setMaxAge(RETRY_AFTER_SECONDS);
        return response;
    }

    private static Response error(ResponseCode code, String diagnostic) {
        Response response = new Response(code);
        response.setPayload(CoapErrors.diagnostic(diagnostic)); // no Content-Format (RFC 7252 §5.5.2)
        return response;
    }
}

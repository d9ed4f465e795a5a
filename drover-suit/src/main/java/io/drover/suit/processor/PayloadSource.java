package io.drover.suit.processor;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/** Where {@link FileComponentStore} fetches payloads from: HTTP, a local mirror, or a test's table of bytes. */
@FunctionalInterface
public interface PayloadSource {
    InputStream open(URI uri) throws IOException;
}

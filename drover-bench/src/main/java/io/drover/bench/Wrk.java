package io.drover.bench;

import io.drover.server.device.DeviceRoutes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code wrk} (Debian package {@code wrk}) on this machine and reads its request rate. */
final class Wrk {
    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    private final int connections;

    Wrk(int connections) {
        this.connections = connections;
    }

    /**
     * A wrk script that spreads the requests over every device in {@code devices} (lines of token, the ETag the device
     * holds and its idle ticket or {@code -}, separated by spaces), each sending what it holds. Each thread formats
     * every device's request once, at its start, so that the load generator spends next to nothing per request: it
     * runs on the same 2 cores as the server.
     */
    static Path checkInScript(Path work, Path devices) throws IOException {
        Path script = work.resolve("checkin.lua");
        Files.writeString(script, """
                local requests = {}
                function init(args)
                  for line in io.lines("%s") do
                    local token, etag, ticket = line:match("^(%%S+) (%%S+) (%%S+)$")
                    local headers = {}
                    headers["Authorization"] = "Bearer " .. token
                    headers["If-None-Match"] = etag
                    if ticket ~= "-" then
                      headers["%s"] = ticket
                    end
                    requests[#requests + 1] = wrk.format("GET", nil, headers)
                  end
                end
                local n = 0
                request = function()
                  n = n + 1
                  return requests[(n %% #requests) + 1]
                end
                """.formatted(devices, DeviceRoutes.TICKET));
        return script;
    }

    /** Requests per second over {@code seconds}; fails on any error answer. */
    double run(String url, Path script, int seconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s"));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("wrk failed: " + output);
        }
        Matcher errors = NON_2XX.matcher(output);
        if (errors.find()) {
            throw new IOException("wrk saw " + errors.group(1) + " error answers from " + url + ":\n" + output);
        }
        Matcher rate = REQUESTS_PER_SECOND.matcher(output);
        if (!rate.find()) {
            throw new IOException("no rate in wrk's output:\n" + output);
        }
        return Double.parseDouble(rate.group(1));
    }
}

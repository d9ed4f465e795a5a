package io.drover.suit;

import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

class ManifestSignerTest {
    static UpdateSpec spec() {
        return new UpdateSpec(UUID.fromString("fa6b4a53-d5ad-5fdf-be9d-e663e4d41ffe"),
                UUID.fromString("1492af14-2569-5e48-bf42-9b2d51f2ab45"), 7,
                List.of(new ImageSpec("app", "2.1.0",
                        HexFormat.of().parseHex("00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210"),
                        34768, "https://updates.example/app-2.1.0.bin")));
    }
}

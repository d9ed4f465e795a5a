package io.drover.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.error.DroverException;
import io.drover.error.RangeErrors;
import java.util.Arrays;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.OptionSet;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.option.BlockOption;
import org.junit.jupiter.api.Test;

class Block2ReplyTest {
    private static final byte[] BODY = body(3000);
    private static final int CBOR = MediaTypeRegistry.APPLICATION_CBOR;

    private static byte[] body(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31);
        }
        return bytes;
    }

    private static OptionSet asking(int szx, int num) {
        return new OptionSet().setBlock2(szx, false, num);
    }

    @Test
    void withoutBlock2AShortBodyIsSentWholeAndALongOneAsItsFirstBlockWithItsSize() {
        Response whole = new Block2Reply(1024).answer(new OptionSet(), BlockSource.of(body(100)), CBOR);
        assertThat(whole.getPayload()).isEqualTo(body(100));
        assertThat(whole.getOptions().hasBlock2()).isFalse();
        assertThat(whole.getOptions().hasSize2()).isFalse();
        assertThat(whole.getOptions().getContentFormat()).isEqualTo(CBOR);

        Response first = new Block2Reply(1024).answer(new OptionSet(), BlockSource.of(BODY), CBOR);
        assertThat(first.getPayload()).isEqualTo(Arrays.copyOf(BODY, 1024));
        assertThat(first.getOptions().getBlock2().getNum()).isZero();
        assertThat(first.getOptions().getBlock2().isM()).isTrue();
        assertThat(first.getOptions().getSize2()).isEqualTo(3000);
    }

    @Test
    void anyBlockIsServedInTheDevicesSizeAndTheLastSaysNoMore() {
        Response last = new Block2Reply(1024).answer(asking(BlockOption.size2Szx(256), 11), BlockSource.of(BODY), CBOR);
        assertThat(last.getPayload()).isEqualTo(Arrays.copyOfRange(BODY, 2816, 3000));
        assertThat(last.getOptions().getBlock2().getNum()).isEqualTo(11);
        assertThat(last.getOptions().getBlock2().isM()).isFalse();
        assertThat(last.getOptions().hasSize2()).isFalse();

        OptionSet withSize2 = asking(BlockOption.size2Szx(256), 3).setSize2(0);
        assertThat(new Block2Reply(1024).answer(withSize2, BlockSource.of(BODY), CBOR).getOptions().getSize2())
                .isEqualTo(3000);
    }

    @Test
    void largerBlocksThanTheCapAreScaledToTheOffsetAskedFor() {
        // Block 1 of 1024 bytes, from a server that sends at most 256: block 4 of 256, the same first byte.
        Response scaled = new Block2Reply(256).answer(asking(BlockOption.size2Szx(1024), 1), BlockSource.of(BODY),
                CBOR);
        assertThat(scaled.getPayload()).isEqualTo(Arrays.copyOfRange(BODY, 1024, 1280));
        assertThat(scaled.getOptions().getBlock2().getSize()).isEqualTo(256);
        assertThat(scaled.getOptions().getBlock2().getNum()).isEqualTo(4);
    }

    @Test
    void aBlockPastTheEndOrBeyondTheLastBlockNumberIsRefusedWithItsCode() {
        assertThatThrownBy(() -> new Block2Reply(1024).answer(asking(BlockOption.size2Szx(1024), 3),
                BlockSource.of(BODY), CBOR))
                .isInstanceOfSatisfying(DroverException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(RangeErrors.NOT_SATISFIABLE))
                .hasMessageContaining("past the end of the 3000-byte body");
        // The largest block number of 1024-byte blocks, asked of a server that sends 16-byte ones.
        OptionSet far = asking(BlockOption.size2Szx(1024), BlockOption.MAXIMUM_BLOCK_NUM);
        assertThatThrownBy(() -> new Block2Reply(16).answer(far, BlockSource.of(BODY), CBOR))
                .isInstanceOfSatisfying(DroverException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(RangeErrors.BAD_RANGE));
    }
}

package org.babelbridge.media.mix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.babelbridge.media.resample.HalfBandResampler;
import org.junit.jupiter.api.Test;

class DubbedDownsamplerTest {

    private static short[] signal(int length, long seed) {
        Random random = new Random(seed);
        short[] pcm = new short[length];
        for (int i = 0; i < length; i++) {
            pcm[i] = (short) (8000 * Math.sin(i * 0.07) + 5000 * Math.sin(i * 1.9) + random.nextGaussian() * 1500);
        }
        return pcm;
    }

    @Test
    void chunkCopiesJoinIntoTheSendFiltersOwnOutputWhateverTheChunkSizes() {
        short[] stream = signal(20_000, 1);
        int[] sizes = {1600, 1733, 411, 2205, 1, 960, 3001, 2, 7};
        DubbedDownsampler copies = new DubbedDownsampler();
        short[] joined = new short[(stream.length + 1) / 2];
        int filled = 0;
        int approximated = 0;
        for (int offset = 0, i = 0; offset < stream.length; i++) {
            int size = Math.min(sizes[i % sizes.length], stream.length - offset);
            short[] copy = copies.toNarrowband("speaker", Arrays.copyOfRange(stream, offset, offset + size));
            // One sample per even position of the chunk in the whole stream.
            assertThat(copy).hasSize((offset + size + 1) / 2 - (offset + 1) / 2);
            System.arraycopy(copy, 0, joined, filled, copy.length);
            filled += copy.length;
            offset += size;
            if ((offset & 1) == 1) {
                approximated++;
            }
        }
        assertThat(filled).isEqualTo(joined.length);

        short[] whole = new short[stream.length / 2 + 1];
        int produced = HalfBandResampler.downsampler().process(stream, 0, stream.length, whole, 0);
        int differing = 0;
        for (int k = 0; k < produced; k++) {
            assertThat(Math.abs(joined[k] - whole[k])).as("sample %d", k).isLessThanOrEqualTo(2);
            if (joined[k] != whole[k]) {
                differing++;
            }
        }
        // Only the samples computed with silence in place of the next chunk's first sample may differ.
        assertThat(differing).isLessThanOrEqualTo(approximated);
    }

    @Test
    void eachSourceIsItsOwnStreamAndResetStartsFromSilence() {
        short[] chunk = signal(3200, 2);
        DubbedDownsampler copies = new DubbedDownsampler();
        short[] first = copies.toNarrowband("a", chunk);

        assertThat(copies.toNarrowband("b", chunk)).isEqualTo(first);
        assertThat(copies.toNarrowband("a", chunk)).isNotEqualTo(first); // the filter remembers a's audio
        copies.reset("a");
        assertThat(copies.toNarrowband("a", chunk)).isEqualTo(first);
        assertThat(copies.toNarrowband("a", new short[0])).isEmpty();
    }
}

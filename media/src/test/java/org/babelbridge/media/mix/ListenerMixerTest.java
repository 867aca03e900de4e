package org.babelbridge.media.mix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.babelbridge.media.AudioFormat;
import org.junit.jupiter.api.Test;

class ListenerMixerTest {
    private static final int FRAME = AudioFormat.FRAME_SAMPLES;
    private final short[] out = new short[FRAME];

    private static short[] level(int value) {
        short[] f = new short[FRAME];
        Arrays.fill(f, (short) value);
        return f;
    }

    @Test
    void sumsPassthroughSpeakersButNeverTheListenersOwnVoice() {
        ListenerMixer mixer = new ListenerMixer(0, 4, MixerConfig.defaults());

        mixer.mix(new short[][] {level(5000), level(100), level(200), level(300)}, out);

        assertThat(out).containsOnly((short) 600);
    }

    @Test
    void refusesDubbedAudioAddressedFromTheListenerToThemselves() {
        ListenerMixer mixer = new ListenerMixer(1, 3, MixerConfig.defaults());

        mixer.queue(1, level(1000));
        mixer.mix(new short[3][], out);

        assertThat(out).containsOnly((short) 0);
        assertThat(mixer.droppedSamples()).isEqualTo(FRAME);
    }

    @Test
    void ducksTheOriginalOfADubbedSpeakerUnderItsDubbedSpeech() {
        ListenerMixer mixer = new ListenerMixer(0, 2, new MixerConfig(-15, 4000));
        mixer.setRoute(1, Route.DUBBED);
        mixer.queue(1, level(2000));

        mixer.mix(new short[][] {null, level(10_000)}, out);

        double expectedOriginal = 10_000 * Math.pow(10, -15 / 20.0);
        assertThat(out[0] - 2000).isCloseTo((int) expectedOriginal, org.assertj.core.data.Offset.offset(2));
        double gainDb = 20 * Math.log10((out[FRAME - 1] - 2000) / 10_000.0);
        assertThat(gainDb).isBetween(-15.05, -14.95);
    }

    @Test
    void zeroDuckingLeavesOnlyTheDubbedSpeech() {
        ListenerMixer mixer = new ListenerMixer(0, 2, new MixerConfig(0, 4000));
        mixer.setRoute(1, Route.DUBBED);
        mixer.queue(1, level(1234));

        mixer.mix(new short[][] {null, level(10_000)}, out);

        assertThat(out).containsOnly((short) 1234);
    }

    @Test
    void playsDubbedChunksOfOneSpeakerInOrderAcrossFrameBoundaries() {
        ListenerMixer mixer = new ListenerMixer(0, 2, new MixerConfig(0, 4000));
        mixer.setRoute(1, Route.DUBBED);
        short[] first = new short[FRAME / 2 * 3];
        Arrays.fill(first, (short) 1);
        mixer.queue(1, first);
        mixer.queue(1, level(2));

        mixer.mix(new short[2][], out);
        assertThat(out).containsOnly((short) 1);
        mixer.mix(new short[2][], out);
        assertThat(Arrays.copyOfRange(out, 0, FRAME / 2)).containsOnly((short) 1);
        assertThat(Arrays.copyOfRange(out, FRAME / 2, FRAME)).containsOnly((short) 2);
        mixer.mix(new short[2][], out);
        assertThat(Arrays.copyOfRange(out, 0, FRAME / 2)).containsOnly((short) 2);
        assertThat(Arrays.copyOfRange(out, FRAME / 2, FRAME)).containsOnly((short) 0);
        assertThat(mixer.queuedSamples()).isZero();
    }

    @Test
    void mixesDubbedSpeechOfTwoSpeakersAtTheSameTime() {
        ListenerMixer mixer = new ListenerMixer(0, 3, new MixerConfig(0, 4000));
        mixer.setRoute(1, Route.DUBBED);
        mixer.setRoute(2, Route.DUBBED);
        mixer.queue(1, level(100));
        mixer.queue(2, level(20));

        mixer.mix(new short[3][], out);

        assertThat(out).containsOnly((short) 120);
    }

    @Test
    void boundsTheDubbedBacklogByDroppingTheOldestAudio() {
        ListenerMixer mixer = new ListenerMixer(0, 3, new MixerConfig(-15, 100));
        for (int k = 1; k <= 8; k++) {
            mixer.queue(1 + (k % 2), level(k)); // 8 frames alternating between two speakers, 5 fit
        }

        assertThat(mixer.queuedSamples()).isEqualTo(5 * FRAME);
        assertThat(mixer.droppedSamples()).isEqualTo(3 * FRAME);
        mixer.mix(new short[3][], out);
        assertThat(out).containsOnly((short) (4 + 5)); // the oldest kept: frame 4 (slot 1) and 5 (slot 2)
    }

    @Test
    void saturatesInsteadOfWrappingAndCountsClipping() {
        ListenerMixer mixer = new ListenerMixer(0, 4, MixerConfig.defaults());

        mixer.mix(new short[][] {null, level(30_000), level(30_000), level(-5_000)}, out);
        assertThat(out).containsOnly(Short.MAX_VALUE);
        mixer.mix(new short[][] {null, level(-30_000), level(-30_000), level(0)}, out);
        assertThat(out).containsOnly(Short.MIN_VALUE);

        assertThat(mixer.clippedSamples()).isEqualTo(2L * FRAME);
    }

    @Test
    void announcementsAreHeardByTheListenerAtFullLevel() {
        ListenerMixer mixer = new ListenerMixer(0, 2, MixerConfig.defaults());

        mixer.queue(mixer.announcementSlot(), level(700));
        mixer.mix(new short[2][], out);

        assertThat(out).containsOnly((short) 700);
    }

    @Test
    void narrowbandMixTakesTheEvenSamplesWithTheSameRoutesDuckingAndClipping() {
        ListenerMixer mixer = new ListenerMixer(0, 4, new MixerConfig(-15, 4000));
        mixer.setRoute(3, Route.DUBBED);
        short[] speaker = new short[FRAME];
        for (int i = 0; i < FRAME; i++) {
            speaker[i] = (short) (i % 2 == 0 ? 1000 + i : -7777); // odd samples must not be heard
        }
        short[] narrow = new short[ListenerMixer.NARROWBAND_FRAME];

        mixer.mixNarrowband(new short[][] {level(5000), speaker, level(30_000), level(10_000)}, narrow);

        int ducked = (10_000 * new MixerConfig(-15, 4000).duckGainQ15()) >> 15;
        assertThat(narrow[0]).isEqualTo((short) Math.min(Short.MAX_VALUE, 1000 + 30_000 + ducked));
        assertThat(mixer.clippedSamples()).isEqualTo(ListenerMixer.NARROWBAND_FRAME);

        ListenerMixer quiet = new ListenerMixer(0, 2, MixerConfig.defaults());
        quiet.mixNarrowband(new short[][] {level(5000), speaker}, narrow);
        for (int i = 0; i < narrow.length; i++) {
            assertThat(narrow[i]).isEqualTo((short) (1000 + 2 * i));
        }
    }

    @Test
    void queuedDubbedAudioNeedsTheSixteenKilohertzMixUntilItHasPlayed() {
        ListenerMixer mixer = new ListenerMixer(0, 2, MixerConfig.defaults());
        assertThat(mixer.canMixNarrowband()).isTrue();

        mixer.queue(1, level(1000));
        assertThat(mixer.canMixNarrowband()).isFalse();
        mixer.mix(new short[2][], out);

        assertThat(mixer.canMixNarrowband()).isTrue();
    }

    private static short[] ramp(int length, int start) {
        short[] pcm = new short[length];
        for (int i = 0; i < length; i++) {
            pcm[i] = (short) (start + i);
        }
        return pcm;
    }

    @Test
    void dubbedAudioQueuedWithItsEightKilohertzCopyStaysOnTheNarrowbandPath() {
        ListenerMixer mixer = new ListenerMixer(0, 3, new MixerConfig(-15, 4000));
        mixer.setRoute(1, Route.DUBBED);
        short[] narrow = new short[ListenerMixer.NARROWBAND_FRAME];
        // A chunk of 1.5 frames then one of a frame, each with a copy whose sample k stands at 16 kHz position 2k.
        mixer.queue(1, new short[FRAME * 3 / 2], ramp(FRAME * 3 / 4, 100));
        mixer.queue(1, new short[FRAME], ramp(FRAME / 2, 1000));
        mixer.queue(mixer.announcementSlot(), new short[FRAME], ramp(FRAME / 2, 5000));

        assertThat(mixer.canMixNarrowband()).isTrue();
        mixer.mixNarrowband(new short[][] {level(7000), level(10_000), level(20)}, narrow);

        int ducked = (10_000 * new MixerConfig(-15, 4000).duckGainQ15()) >> 15;
        for (int i = 0; i < narrow.length; i++) {
            assertThat(narrow[i]).isEqualTo((short) (100 + i + 5000 + i + ducked + 20)); // never slot 0's own 7000
        }
        assertThat(mixer.queuedSamples()).isEqualTo(FRAME / 2 + FRAME); // counted at 16 kHz, as on the wideband path

        mixer.mixNarrowband(new short[3][], narrow);
        for (int i = 0; i < narrow.length / 2; i++) {
            assertThat(narrow[i]).isEqualTo((short) (100 + narrow.length + i));
            assertThat(narrow[narrow.length / 2 + i]).isEqualTo((short) (1000 + i));
        }
        mixer.mixNarrowband(new short[3][], narrow);
        assertThat(Arrays.copyOfRange(narrow, 0, narrow.length / 2)).isEqualTo(ramp(narrow.length / 2, 1000 + 80));
        assertThat(Arrays.copyOfRange(narrow, narrow.length / 2, narrow.length)).containsOnly((short) 0);
        assertThat(mixer.queuedSamples()).isZero();
    }

    @Test
    void theTwoMixesCanAlternateOverOneQueuedChunk() {
        ListenerMixer mixer = new ListenerMixer(0, 2, new MixerConfig(0, 4000));
        mixer.setRoute(1, Route.DUBBED);
        short[] narrow = new short[ListenerMixer.NARROWBAND_FRAME];
        mixer.queue(1, ramp(3 * FRAME, 0), ramp(3 * FRAME / 2, 0));

        mixer.mix(new short[2][], out);
        assertThat(out).isEqualTo(ramp(FRAME, 0));
        mixer.mixNarrowband(new short[2][], narrow);
        assertThat(narrow).isEqualTo(ramp(narrow.length, narrow.length)); // the copy from 16 kHz position 320 on
        mixer.mix(new short[2][], out);
        assertThat(out).isEqualTo(ramp(FRAME, 2 * FRAME));
        assertThat(mixer.queuedSamples()).isZero();
    }

    @Test
    void audioQueuedWithoutACopyNeedsTheSixteenKilohertzMixEvenBehindCopiedAudio() {
        ListenerMixer mixer = new ListenerMixer(0, 3, MixerConfig.defaults());
        mixer.queue(1, level(1000), ramp(FRAME / 2, 0));
        mixer.queue(2, level(1000));
        assertThat(mixer.canMixNarrowband()).isFalse();

        mixer.mix(new short[3][], out);
        assertThat(mixer.canMixNarrowband()).isTrue();

        mixer.queue(1, level(5), ramp(FRAME / 2, 0));
        mixer.queue(0, level(9), ramp(FRAME / 2, 0)); // the listener's own voice: refused, no self-echo
        assertThat(mixer.droppedSamples()).isEqualTo(FRAME);
        mixer.clear(1);
        assertThat(mixer.canMixNarrowband()).isTrue();
        assertThat(mixer.queuedSamples()).isZero();
    }
}

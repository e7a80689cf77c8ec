package dev.multidocker.bench;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class GcPausesTest {

    @Test
    void countsTheFullCollectionThisJvmJustMade() {
        long pid = ProcessHandle.current().pid();
        Optional<GcPauses> before = GcPauses.of(pid);
        assertThat(before).as("jstat -gc of this test's own JVM").isPresent();

        System.gc();
        GcPauses during = GcPauses.of(pid).orElseThrow().since(before.get());

        assertThat(during.full()).as("full collections since the first reading").isGreaterThanOrEqualTo(1);
        assertThat(during.fullSeconds()).isGreaterThan(0);
        assertThat(during.young()).isNotNegative();
    }

    @Test
    void readsTheColumnsByName() {
        String jstat = """
                    S0C         S1C         S0U         S1U          EC           EU           OC           OU          MC         MU       CCSC      CCSU     YGC     YGCT     FGC    FGCT     CGC    CGCT       GCT  \s
                    768.0       768.0         0.0       101.3       6656.0       2912.5      24576.0      14822.1    60224.0    58834.6    7040.0    6529.1    541    0.718    13    0.484     -         -     1.202
                """;

        assertThat(GcPauses.parse(jstat)).contains(new GcPauses(541, 0.718, 13, 0.484));
    }

    @Test
    void givesNothingForWhatIsNotJstatsTable() {
        assertThat(GcPauses.parse("12345 not found")).isEmpty();
        assertThat(GcPauses.parse("YGC YGCT FGC\n1 0.1 2")).isEmpty();
    }
}

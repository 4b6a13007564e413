package io.flowlens.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TestAddressesTest {

    @Test
    void subnetsAreUniqueAndInTheBenchmarkingRanges() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2 * TestAddresses.SLOTS / 3; i++) {
            TestSubnet s = TestAddresses.nextSubnet();
            assertThat(seen.add(s.hostV4().getHostAddress())).as("%s handed out twice", s).isTrue();
            assertThat(seen.add(s.hostV6().getHostAddress())).as("%s handed out twice", s).isTrue();
            assertThat(TestAddresses.isTestAddress(s.hostV4()) && TestAddresses.isTestAddress(s.peerV4())
                    && TestAddresses.isTestAddress(s.hostV6()) && TestAddresses.isTestAddress(s.peerV6()))
                    .as("%s in 198.18.0.0/15 and 2001:2::/48", s).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "[::1]", "198.18.0.1", "198.19.255.254", "2001:2::1",
            "2001:2:0:ffff::2"})
    void acceptsTestAddresses(String literal) {
        assertThat(TestAddresses.requireTestAddress(literal)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "10.0.0.1", "198.20.0.1", "198.17.255.255", "2001:db8::1", "2001:3::1",
            "2001:2:1::1", "example.com", "localhost"})
    void refusesEverythingElse(String literal) {
        assertThatThrownBy(() -> TestAddresses.requireTestAddress(literal))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checksUrlHosts() {
        assertThat(TestAddresses.requireTestUrl("http://[2001:2:0:5::2]:8080/x")).isNotNull();
        assertThatThrownBy(() -> TestAddresses.requireTestUrl("http://192.0.2.1/"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

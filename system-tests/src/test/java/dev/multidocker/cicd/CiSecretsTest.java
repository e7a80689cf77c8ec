package dev.multidocker.cicd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** No CI file holds a secret value: Docker Hub and AWS credentials come from the CI's settings by name. */
class CiSecretsTest {

    @ParameterizedTest
    @MethodSource("dev.multidocker.cicd.CiFile#inRepository")
    void namesSecretsWithoutWritingThem(CiFile file) {
        assertThat(SecretScanner.scan(file.text())).as("secret values in %s", file.name()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "env:\n  AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE\n",
        "env:\n  global:\n    - AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
        "steps:\n  - run: echo wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY > key\n",
        "steps:\n  - with:\n      password: hunter2\n",
        "script:\n  - docker login -u me -p hunter2\n",
        "script:\n  - docker login -u me --password=\"hunter2\"\n",
        "script:\n  - DOCKER_PASSWORD=hunter2 ./push.sh\n",
        "env:\n  TOKEN: dckr_pat_abcdefghijklmnop\n",
    })
    void findsASecretWrittenInline(String ciFile) {
        assertThat(SecretScanner.scan(ciFile)).as("findings in:%n%s", ciFile).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "steps:\n  - with:\n      aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\n",
        "env:\n  DOCKER_PASSWORD: ${{ secrets.DOCKER_PASSWORD }}\n",
        "script:\n  - echo \"$DOCKER_PASSWORD\" | docker login -u \"$DOCKER_ID\" --password-stdin\n",
        "script:\n  - docker login -u \"$DOCKER_ID\" -p \"$DOCKER_PASSWORD\"\n",
        "permissions:\n  id-token: write\n",
        "env:\n  SHA: 9fceb02d0ae598e95dc970b74767f19372d61af8\n",
    })
    void acceptsSecretsNamedByReference(String ciFile) {
        assertThat(SecretScanner.scan(ciFile)).as("findings in:%n%s", ciFile).isEmpty();
    }
}

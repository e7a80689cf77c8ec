package dev.multidocker.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** cdk-nag's AwsSolutions rules over every stack of a target: no error without a suppression that says why. */
class NagTest {
    @ParameterizedTest
    @EnumSource(Target.class)
    void noUnsuppressedAwsSolutionsErrors(Target target) {
        Stacks stacks = Stacks.of(target, SynthFixture.settings(), SynthFixture.outputDirectory());
        Aspects.of(stacks.stacks().get(0).getNode().getRoot())
            .add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        List<String> errors = new ArrayList<>();
        for (Stack stack : stacks.stacks()) {
            for (SynthesisMessage message : Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))) {
                errors.add(stack.getStackName() + " " + message.getId() + ": " + message.getEntry().getData());
            }
        }
        assertThat(errors).as(String.join("\n", errors)).isEmpty();
    }
}

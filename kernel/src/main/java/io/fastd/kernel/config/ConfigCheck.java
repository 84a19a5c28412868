package io.fastd.kernel.config;

import java.util.List;

/**
 * A check of some keys of a {@link Config} that reports every problem it finds (each naming key,
 * value and source) instead of throwing: checks of several components are run together so that
 * one start reports all problems at once. A {@link SettingGroup} is one
 * ({@code group::problems}).
 */
@FunctionalInterface
public interface ConfigCheck {

    /** Every problem of {@code config}'s keys this check covers; empty when all is well. */
    List<String> problems(Config config);
}

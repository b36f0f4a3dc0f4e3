package io.custody.command.policy;

/** Which policy is in force now, as the command's transaction sees the store. */
public interface PolicySource {

    PolicyInForce current();
}

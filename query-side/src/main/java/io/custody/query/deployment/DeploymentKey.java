package io.custody.query.deployment;

/** Identifies a deployment: an environment and a service in it. */
public record DeploymentKey(String environment, String service) {

    /** The form the API and the search index use, {@code production/scoring}. */
    @Override
    public String toString() {
        return environment + "/" + service;
    }
}

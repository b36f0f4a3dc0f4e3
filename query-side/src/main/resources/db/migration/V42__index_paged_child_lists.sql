-- Dataset.versions is paged newest first by (registered_position, version) per dataset: this index lets a
-- page start where the previous one ended instead of reading and sorting every version of the dataset.
CREATE INDEX rm_dataset_version_registered ON rm_dataset_version (dataset, registered_position, version);

-- Model.deployments is paged oldest first over the stints of all of a model's versions.
CREATE INDEX rm_deployment_interval_model ON rm_deployment_interval (model, from_position);

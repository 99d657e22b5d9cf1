"""The batch report: params, sweeps, the papermill runner, staging, HTML, Dask."""

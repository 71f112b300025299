"""The numeric layer: the Study (one road from a model to numbers), programs, kernels and scans."""

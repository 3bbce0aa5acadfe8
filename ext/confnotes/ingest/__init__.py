"""Ways into a report page: sources yield model records, the writer renders and merges MyST."""

"""Other indices a province and its units track beside the PAR INDEX: SIPAS, PAPI, PCI,
DDCI and the province's own, with their components, yearly results and targets."""

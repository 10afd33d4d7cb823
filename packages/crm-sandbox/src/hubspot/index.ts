// filled in by the HubSpot sandbox work
export {};

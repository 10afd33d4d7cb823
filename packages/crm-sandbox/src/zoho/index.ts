// filled in by the Zoho sandbox work
export {};

// Bokmål texts of the back office: registrations.
export const nbAdminRegistrations = {} as const;

// Bokmål texts of the back office: numbers.
export const nbAdminNumbers = {} as const;

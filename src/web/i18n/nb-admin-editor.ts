// Bokmål texts of the back office: editor.
export const nbAdminEditor = {} as const;

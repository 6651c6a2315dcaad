/** Where the API lives, and the paths of its resources (for links and Location headers). */
export const API_PREFIX = "/api/v1";

export const planPath = (net: string, year: number) =>
  `${API_PREFIX}/networks/${net}/plans/${year}`;
export const areaPath = (net: string, year: number, code: string) =>
  `${planPath(net, year)}/areas/${code}`;
export const activityPath = (net: string, year: number, code: string) =>
  `${planPath(net, year)}/activities/${code}`;
export const sourcePath = (net: string, year: number, id: number) =>
  `${planPath(net, year)}/sources/${id}`;
